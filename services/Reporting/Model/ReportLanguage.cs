namespace IdpTracker.Reporting.Model;

/// <summary>
/// The words of a report in one language. Arabic editions are laid out right to left; numbers keep the digits
/// partners' spreadsheets read, and HXL hashtags stay as they are in every language.
/// </summary>
public sealed record ReportLanguage(
    string Code, string Direction, string Title, string SubjectFormat, string FiguresAsOf, string Legend,
    string KeyFigures, string DisplacedPeople, string Households, string WomenAndGirls, string MenAndBoys, string SexNotRecorded,
    string ByAgeAndSex, string Age, string Female, string Male, string NotRecorded, string Total,
    string ReceptionCentres, string Centre, string District, string People, string NightCapacity)
{
    public static readonly ReportLanguage English = new(
        "en", "ltr", "Situation report", "IdpTracker situation report for {0}, {1}", "Figures as of {0}.", SmallCells.Legend,
        "Key figures", "Displaced people in reception centres", "Households", "Women and girls", "Men and boys", "Sex not recorded",
        "People by age and sex", "Age", "Female", "Male", "Not recorded", "Total",
        "Reception centres", "Centre", "District", "People", "Night capacity");

    public static readonly ReportLanguage Arabic = new(
        "ar", "rtl", "تقرير الوضع", "تقرير الوضع من IdpTracker إلى {0}، {1}", "الأرقام حتى {0}.",
        "<5: عدد من 1 إلى 4، مخفي لحماية الأشخاص المعنيين. x: محجوب كي لا يُستنتج مثل هذا العدد من المجموع.",
        "الأرقام الرئيسية", "النازحون في مراكز الاستقبال", "الأسر", "النساء والفتيات", "الرجال والفتيان", "الجنس غير مسجل",
        "الأشخاص حسب العمر والجنس", "العمر", "إناث", "ذكور", "غير مسجل", "المجموع",
        "مراكز الاستقبال", "المركز", "المنطقة", "الأشخاص", "السعة الليلية");

    public static IReadOnlyList<ReportLanguage> All { get; } = [English, Arabic];

    public static ReportLanguage For(string? code) => All.FirstOrDefault(l => l.Code == code) ?? English;

    public static bool IsKnown(string? code) => All.Any(l => l.Code == code);
}
