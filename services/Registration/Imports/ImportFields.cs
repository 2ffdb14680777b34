namespace IdpTracker.Registration.Imports;

public enum FieldLevel { Household, Member }

/// <param name="Name">The CSV column and the form's field name.</param>
/// <param name="XlsType">The field's XLSForm type (text, date, dateTime, select_one list, select_multiple list).</param>
/// <param name="Aliases">Other names the importer reads for it (older forms, ODK Central's meta fields).</param>
public sealed record ImportField(
    string Name, FieldLevel Level, string XlsType, string LabelEnglish, string LabelArabic, string Hint, bool Required = false, params string[] Aliases)
{
    /// <summary>Every name the importer reads this field under, the form's own first.</summary>
    public string[] Names => [Name, .. Aliases];
}

/// <summary>
/// The fields an import reads: one table for the CSV columns, the KoboToolbox and ODK Central field names, the XLSForm
/// the service hands out (<see cref="XlsForm"/>) and docs/imports.md, so none of them can say something the others do not.
/// </summary>
public static class ImportFields
{
    public const string MembersGroup = "members";

    /// <summary>KoboToolbox and ODK give each submission an id in its meta group; a CSV has a column for it.</summary>
    public static readonly ImportField SubmissionId = new("submission_id", FieldLevel.Household, "calculate", "Submission id", "رقم الإرسال",
        "CSV: the same for every row of one household. Forms: the submission's instanceID, set by KoboToolbox or ODK.", Required: true,
        "instanceID", "__id", "_uuid", "uuid");

    public static readonly ImportField CenterId = new("center_id", FieldLevel.Household, "select_one centres", "Reception centre", "مركز الاستقبال",
        "The centre where the family arrived.",
        Required: true, "centre_id");

    public static readonly ImportField ArrivedAt = new("arrived_at", FieldLevel.Household, "dateTime", "Arrived at", "وقت الوصول",
        "Date and time of arrival (ISO 8601); without a time zone, UTC. Left out: when the import runs.");

    public static readonly ImportField Phone = new("phone", FieldLevel.Household, "text", "Phone", "الهاتف", "The household's phone number, as given.");

    public static readonly ImportField OriginAdm1 = new("origin_adm1", FieldLevel.Household, "text", "Fled from: governorate (code)", "النزوح من: المحافظة (رمز)",
        "Admin-1 p-code, e.g. SY08 (Al-Hasakah).");

    public static readonly ImportField OriginAdm2 = new("origin_adm2", FieldLevel.Household, "text", "Fled from: district (code)", "النزوح من: المنطقة (رمز)",
        "Admin-2 p-code, e.g. SY0800.");

    public static readonly ImportField OriginNeighbourhood = new("origin_neighbourhood", FieldLevel.Household, "text", "Fled from: neighbourhood", "النزوح من: الحي",
        "e.g. Ghuwayran.");

    public static readonly ImportField DisplacedOn = new("displaced_on", FieldLevel.Household, "date", "Displaced on", "تاريخ النزوح",
        "The day the family fled (YYYY-MM-DD), if known.");

    public static readonly ImportField PreviousDisplacements = new("previous_displacements", FieldLevel.Household, "integer",
        "Times displaced before this time", "عدد مرات النزوح قبل هذه المرة", "0 if this is the first time; leave empty if not asked.");

    public static readonly ImportField Presence = new("presence", FieldLevel.Household, "select_one presence", "At the centre", "التواجد في المركز",
        "Day and night, or only at night (out by day), or only by day.");

    public static readonly ImportField Relationship = new("relationship", FieldLevel.Member, "select_one relationship", "Relationship to the head", "صلة القرابة برب الأسرة",
        "One member is the head.", Required: true);

    public static readonly ImportField Sex = new("sex", FieldLevel.Member, "select_one sex", "Sex", "الجنس", "", Required: true);

    public static readonly ImportField DateOfBirth = new("date_of_birth", FieldLevel.Member, "date", "Date of birth", "تاريخ الميلاد",
        "YYYY-MM-DD. When only the age is known, a date that gives it, and estimated: yes.", Required: true, "dob");

    public static readonly ImportField DateOfBirthEstimated = new("dob_estimated", FieldLevel.Member, "select_one yes_no", "Date of birth estimated", "تاريخ الميلاد تقديري",
        "yes, true or 1 when the date comes from an age.", Required: false, "age_estimated");

    public static readonly ImportField NameArabic = new("name_ar", FieldLevel.Member, "text", "Name (Arabic script)", "الاسم (بالعربية)",
        "Stored encrypted.", Required: false, "name_arabic");

    public static readonly ImportField NameLatin = new("name_latin", FieldLevel.Member, "text", "Name (Latin script)", "الاسم (بالحروف اللاتينية)",
        "Stored encrypted.", Required: false, "name_en");

    public static readonly ImportField SpecificNeeds = new("specific_needs", FieldLevel.Member, "select_multiple specific_needs", "Specific needs", "احتياجات خاصة",
        "Codes separated by spaces (as KoboToolbox writes them), commas or semicolons, e.g. FHH WG-WALKING.");

    public static readonly IReadOnlyList<ImportField> All =
    [
        SubmissionId, CenterId, ArrivedAt, Phone, OriginAdm1, OriginAdm2, OriginNeighbourhood, DisplacedOn, PreviousDisplacements, Presence,
        Relationship, Sex, DateOfBirth, DateOfBirthEstimated, NameArabic, NameLatin, SpecificNeeds,
    ];
}
