namespace IdpTracker.Reporting.Model;

/// <summary>
/// The words of a report in one language. Arabic editions are laid out right to left; numbers keep the digits
/// partners' spreadsheets read, and HXL hashtags stay as they are in every language.
/// </summary>
public sealed record ReportLanguage
{
    public required string Code { get; init; }
    public required string Direction { get; init; }
    public required string Title { get; init; }
    public required string SubjectFormat { get; init; }
    public required string FiguresAsOf { get; init; }
    public required string ChangesSince { get; init; }
    public required string FirstReport { get; init; }
    public required string Legend { get; init; }

    public required string Highlights { get; init; }
    public required string HighlightArrivals { get; init; }
    public required string HighlightNoArrivals { get; init; }
    public required string HighlightInCentres { get; init; }
    public required string HighlightCentresCritical { get; init; }
    public required string HighlightCentresOk { get; init; }
    public required string HighlightGap { get; init; }
    public required string HighlightReturned { get; init; }

    public required string KeyFigures { get; init; }
    public required string Figure { get; init; }
    public required string Value { get; init; }
    public required string Change { get; init; }
    public required string DisplacedPeople { get; init; }
    public required string DisplacedHouseholds { get; init; }
    public required string InCentres { get; init; }
    public required string HouseholdsInCentres { get; init; }
    public required string WithHostFamilies { get; init; }
    public required string Elsewhere { get; init; }
    public required string ReturnedHome { get; init; }
    public required string NewArrivals { get; init; }
    public required string NewArrivalHouseholds { get; init; }

    public required string SituationOverview { get; init; }
    public required string ByAgeAndSex { get; init; }
    public required string Age { get; init; }
    public required string Female { get; init; }
    public required string Male { get; init; }
    public required string NotRecorded { get; init; }
    public required string Total { get; init; }

    public required string ReceptionCentres { get; init; }
    public required string Centre { get; init; }
    public required string District { get; init; }
    public required string Households { get; init; }
    public required string People { get; init; }
    public required string NightCapacity { get; init; }
    public required string Occupancy { get; init; }
    public required string SpacePerPerson { get; init; }
    public required string Status { get; init; }
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }

    public required string NeedsResponseGaps { get; init; }
    public required string NeedsNote { get; init; }
    public required string NeedsNotYet { get; init; }
    public required string NeedsPartial { get; init; }
    public required string Sector { get; init; }
    public required string InNeed { get; init; }
    public required string Targeted { get; init; }
    public required string Reached { get; init; }
    public required string Gap { get; init; }
    public required string NoResponseRecorded { get; init; }
    public required IReadOnlyDictionary<string, string> Sectors { get; init; }
    public required string InNeedByAgeAndSex { get; init; }
    public required string ReachedByAgeAndSex { get; init; }

    public required string Protection { get; init; }
    public required string ProtectionNote { get; init; }
    public required string Governorate { get; init; }
    public required IReadOnlyDictionary<string, string> ProtectionCategories { get; init; }

    public required string ArrivalsChart { get; init; }
    public required string ArrivalsChartDescription { get; init; }
    public required string NeedsChart { get; init; }
    public required string NeedsChartDescription { get; init; }

    public static readonly ReportLanguage English = new()
    {
        Code = "en", Direction = "ltr", Title = "Situation report", SubjectFormat = "IdpTracker situation report for {0}, {1}",
        FiguresAsOf = "Figures as of {0}.", ChangesSince = "Changes are since the report of {0}.",
        FirstReport = "The first report of this subscription: changes are shown from the next one.", Legend = SmallCells.Legend,
        Highlights = "Highlights",
        HighlightArrivals = "{0} people in {1} households arrived since the last report.",
        HighlightNoArrivals = "No new arrivals since the last report.",
        HighlightInCentres = "{0} people are in collective centres ({1} since the last report).",
        HighlightCentresCritical = "Centres in critical condition: {0}.",
        HighlightCentresOk = "No centre is in critical condition.",
        HighlightGap = "{0}: {1} people in need not yet reached.",
        HighlightReturned = "{0} people have returned home ({1} since the last report).",
        KeyFigures = "Key figures", Figure = "Figure", Value = "Value", Change = "Change",
        DisplacedPeople = "Displaced people", DisplacedHouseholds = "Displaced households", InCentres = "In collective centres",
        HouseholdsInCentres = "Households in collective centres", WithHostFamilies = "With host families",
        Elsewhere = "Left for elsewhere or unknown", ReturnedHome = "Returned home",
        NewArrivals = "New arrivals since the last report (people)", NewArrivalHouseholds = "New arrivals since the last report (households)",
        SituationOverview = "Situation overview", ByAgeAndSex = "People in collective centres by age and sex", Age = "Age",
        Female = "Female", Male = "Male", NotRecorded = "Not recorded", Total = "Total",
        ReceptionCentres = "Reception centres", Centre = "Centre", District = "District", Households = "Households", People = "People",
        NightCapacity = "Night capacity", Occupancy = "Occupancy", SpacePerPerson = "m² per person (standard)", Status = "Status",
        Statuses = new Dictionary<string, string> { ["ok"] = "OK", ["warning"] = "Warning", ["critical"] = "Critical" },
        NeedsResponseGaps = "Needs, response and gaps",
        NeedsNote = "People in need, targeted (priority at or above the target), reached (all needed items received) and the gap, per sector.",
        NeedsNotYet = "No needs assessment has reached this report yet.",
        NeedsPartial = "These figures cover {0} of the {1} centres; the others have not been assessed yet.",
        Sector = "Sector", InNeed = "In need", Targeted = "Targeted", Reached = "Reached", Gap = "Gap", NoResponseRecorded = "not recorded",
        Sectors = new Dictionary<string, string>
        {
            ["shelter"] = "Shelter", ["winterization"] = "Winterization (blankets, mattresses, clothing)",
            ["heating"] = "Heating (heaters, fuel)", ["wash"] = "WASH",
        },
        InNeedByAgeAndSex = "{0}: people in need by age and sex", ReachedByAgeAndSex = "{0}: people reached by age and sex",
        Protection = "Protection", Governorate = "Governorate",
        ProtectionNote = "People with specific needs in collective centres, by governorate only: never by centre or district.",
        ProtectionCategories = new Dictionary<string, string>
        {
            ["unaccompaniedOrSeparatedChildren"] = "Unaccompanied or separated children",
            ["childHeadedHouseholds"] = "Child-headed households",
            ["femaleHeadedHouseholds"] = "Female-headed households",
            ["olderPeopleAtRisk"] = "Older people at risk or alone",
            ["disability"] = "People with a disability",
            ["seriousMedicalCondition"] = "Serious medical condition",
            ["pregnantOrLactating"] = "Pregnant or lactating women",
            ["protectionRisk"] = "Survivors or people at protection risk",
        },
        ArrivalsChart = "New arrivals per day (people)",
        ArrivalsChartDescription = "Bar chart of people arriving per day, {0} to {1}: {2}.",
        NeedsChart = "People in need and reached, per sector",
        NeedsChartDescription = "Bar chart of people in need and reached per sector: {0}.",
    };

    public static readonly ReportLanguage Arabic = new()
    {
        Code = "ar", Direction = "rtl", Title = "تقرير الوضع", SubjectFormat = "تقرير الوضع من IdpTracker إلى {0}، {1}",
        FiguresAsOf = "الأرقام حتى {0}.", ChangesSince = "التغيرات منذ تقرير {0}.",
        FirstReport = "هذا أول تقرير لهذا الاشتراك: تظهر التغيرات ابتداءً من التقرير التالي.",
        Legend = "<5: عدد من 1 إلى 4، مخفي لحماية الأشخاص المعنيين. x: محجوب كي لا يُستنتج مثل هذا العدد من المجموع.",
        Highlights = "أبرز المستجدات",
        HighlightArrivals = "وصل {0} شخصاً في {1} أسرة منذ التقرير السابق.",
        HighlightNoArrivals = "لا وافدين جدد منذ التقرير السابق.",
        HighlightInCentres = "يقيم {0} شخصاً في مراكز الإيواء الجماعية ({1} منذ التقرير السابق).",
        HighlightCentresCritical = "مراكز في وضع حرج: {0}.",
        HighlightCentresOk = "لا يوجد مركز في وضع حرج.",
        HighlightGap = "{0}: {1} شخصاً بحاجة لم يتم الوصول إليهم بعد.",
        HighlightReturned = "عاد {0} شخصاً إلى ديارهم ({1} منذ التقرير السابق).",
        KeyFigures = "الأرقام الرئيسية", Figure = "المؤشر", Value = "القيمة", Change = "التغير",
        DisplacedPeople = "النازحون", DisplacedHouseholds = "الأسر النازحة", InCentres = "في مراكز الإيواء الجماعية",
        HouseholdsInCentres = "الأسر في مراكز الإيواء الجماعية", WithHostFamilies = "لدى عائلات مضيفة",
        Elsewhere = "غادروا إلى مكان آخر أو غير معروف", ReturnedHome = "عادوا إلى ديارهم",
        NewArrivals = "الوافدون الجدد منذ التقرير السابق (أشخاص)", NewArrivalHouseholds = "الوافدون الجدد منذ التقرير السابق (أسر)",
        SituationOverview = "لمحة عن الوضع", ByAgeAndSex = "الأشخاص في مراكز الإيواء الجماعية حسب العمر والجنس", Age = "العمر",
        Female = "إناث", Male = "ذكور", NotRecorded = "غير مسجل", Total = "المجموع",
        ReceptionCentres = "مراكز الاستقبال", Centre = "المركز", District = "المنطقة", Households = "الأسر", People = "الأشخاص",
        NightCapacity = "السعة الليلية", Occupancy = "الإشغال", SpacePerPerson = "م² للشخص (المعيار)", Status = "الحالة",
        Statuses = new Dictionary<string, string> { ["ok"] = "مقبول", ["warning"] = "تحذير", ["critical"] = "حرج" },
        NeedsResponseGaps = "الاحتياجات والاستجابة والفجوات",
        NeedsNote = "الأشخاص المحتاجون، والمستهدفون (أولوية عند الحد المستهدف أو أعلى)، ومن تم الوصول إليهم (استلموا كل المواد اللازمة)، والفجوة، لكل قطاع.",
        NeedsNotYet = "لم يصل أي تقييم للاحتياجات إلى هذا التقرير بعد.",
        NeedsPartial = "تشمل هذه الأرقام {0} من أصل {1} مراكز؛ لم يتم تقييم البقية بعد.",
        Sector = "القطاع", InNeed = "بحاجة", Targeted = "مستهدفون", Reached = "تم الوصول إليهم", Gap = "الفجوة", NoResponseRecorded = "غير مسجل",
        Sectors = new Dictionary<string, string>
        {
            ["shelter"] = "المأوى", ["winterization"] = "مستلزمات الشتاء (بطانيات، فرش، ملابس)",
            ["heating"] = "التدفئة (مدافئ، وقود)", ["wash"] = "المياه والصرف الصحي والنظافة",
        },
        InNeedByAgeAndSex = "{0}: المحتاجون حسب العمر والجنس", ReachedByAgeAndSex = "{0}: من تم الوصول إليهم حسب العمر والجنس",
        Protection = "الحماية", Governorate = "المحافظة",
        ProtectionNote = "الأشخاص ذوو الاحتياجات الخاصة في مراكز الإيواء الجماعية، على مستوى المحافظة فقط: لا على مستوى المركز أو المنطقة أبداً.",
        ProtectionCategories = new Dictionary<string, string>
        {
            ["unaccompaniedOrSeparatedChildren"] = "أطفال غير مصحوبين أو منفصلون عن ذويهم",
            ["childHeadedHouseholds"] = "أسر يعيلها أطفال",
            ["femaleHeadedHouseholds"] = "أسر تعيلها نساء",
            ["olderPeopleAtRisk"] = "كبار سن معرضون للخطر أو وحيدون",
            ["disability"] = "أشخاص ذوو إعاقة",
            ["seriousMedicalCondition"] = "حالة طبية خطيرة",
            ["pregnantOrLactating"] = "نساء حوامل أو مرضعات",
            ["protectionRisk"] = "ناجون أو أشخاص معرضون لمخاطر الحماية",
        },
        ArrivalsChart = "الوافدون الجدد يومياً (أشخاص)",
        ArrivalsChartDescription = "رسم بياني بالأعمدة للوافدين يومياً، من {0} إلى {1}: {2}.",
        NeedsChart = "المحتاجون ومن تم الوصول إليهم، حسب القطاع",
        NeedsChartDescription = "رسم بياني بالأعمدة للمحتاجين ومن تم الوصول إليهم حسب القطاع: {0}.",
    };

    public static IReadOnlyList<ReportLanguage> All { get; } = [English, Arabic];

    public static ReportLanguage For(string? code) => All.FirstOrDefault(l => l.Code == code) ?? English;

    public static bool IsKnown(string? code) => All.Any(l => l.Code == code);
}
