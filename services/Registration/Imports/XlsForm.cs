using IdpTracker.Registration.Model;
using MiniExcelLibs;

namespace IdpTracker.Registration.Imports;

/// <summary>
/// The XLSForm (KoboToolbox, ODK) whose submissions the import reads, made from <see cref="ImportFields"/>: the form
/// cannot ask for a field the importer does not read, nor name it differently. English and Arabic labels; the centres
/// are those of the person who downloads it.
/// </summary>
public static class XlsForm
{
    public const string FormId = "idptracker_registration";
    private const string English = "English (en)", Arabic = "Arabic (ar)";

    public sealed record Centre(Guid Id, string Name, string? NameArabic);

    private static readonly Dictionary<Relationship, (string English, string Arabic)> Relationships = new()
    {
        [Relationship.Head] = ("Head of household", "رب الأسرة"),
        [Relationship.Spouse] = ("Spouse", "الزوج/الزوجة"),
        [Relationship.Child] = ("Child", "ابن/ابنة"),
        [Relationship.Parent] = ("Parent", "أب/أم"),
        [Relationship.Sibling] = ("Sibling", "أخ/أخت"),
        [Relationship.Grandchild] = ("Grandchild", "حفيد/حفيدة"),
        [Relationship.OtherRelative] = ("Other relative", "قريب آخر"),
        [Relationship.NonRelative] = ("Not related", "لا تربطه قرابة"),
    };

    private static readonly Dictionary<Sex, (string English, string Arabic)> Sexes = new()
    {
        [Sex.Female] = ("Female", "أنثى"), [Sex.Male] = ("Male", "ذكر"), [Sex.Unknown] = ("Not known", "غير معروف"),
    };

    private static readonly Dictionary<string, string> NeedsArabic = new()
    {
        ["UAC"] = "طفل غير مصحوب", ["SEP"] = "طفل منفصل عن ذويه", ["CHH"] = "أسرة يرأسها طفل", ["FHH"] = "أسرة ترأسها امرأة",
        ["ELD"] = "مسن معرض للخطر أو وحيد", ["WG-SEEING"] = "صعوبة في الرؤية", ["WG-HEARING"] = "صعوبة في السمع",
        ["WG-WALKING"] = "صعوبة في المشي أو صعود الدرج", ["WG-REMEMBERING"] = "صعوبة في التذكر أو التركيز",
        ["WG-SELFCARE"] = "صعوبة في العناية الذاتية", ["WG-COMMUNICATING"] = "صعوبة في التواصل", ["MED"] = "حالة طبية خطيرة",
        ["PLW"] = "امرأة حامل أو مرضع", ["PRO"] = "ناجٍ أو معرض لخطر الحماية",
    };

    public static byte[] For(IReadOnlyList<Centre> centres, string version)
    {
        var survey = new List<Dictionary<string, object?>>();
        foreach (var field in ImportFields.All.Where(f => f.Level == FieldLevel.Household && f != ImportFields.SubmissionId)) survey.Add(Question(field));
        survey.Add(Row("begin_repeat", ImportFields.MembersGroup, "Members of the household", "أفراد الأسرة", "The head first, then everyone who arrived with them."));
        foreach (var field in ImportFields.All.Where(f => f.Level == FieldLevel.Member)) survey.Add(Question(field));
        survey.Add(Row("end_repeat", ImportFields.MembersGroup, null, null, null));

        var choices = new List<Dictionary<string, object?>>();
        choices.AddRange(centres.Select(c => Choice("centres", c.Id.ToString(), c.Name, c.NameArabic ?? c.Name)));
        choices.AddRange(Relationships.Select(r => Choice("relationship", Snake(r.Key.ToString()), r.Value.English, r.Value.Arabic)));
        choices.AddRange(Sexes.Select(s => Choice("sex", s.Key.ToString().ToLowerInvariant(), s.Value.English, s.Value.Arabic)));
        choices.Add(Choice("presence", "day_and_night", "Day and night", "ليلاً ونهاراً"));
        choices.Add(Choice("presence", "night_only", "Only at night (out by day)", "ليلاً فقط (خارج المركز نهاراً)"));
        choices.Add(Choice("presence", "day_only", "Only by day", "نهاراً فقط"));
        choices.Add(Choice("yes_no", "yes", "Yes", "نعم"));
        choices.Add(Choice("yes_no", "no", "No", "لا"));
        choices.AddRange(SpecificNeeds.Codes.Select(n => Choice("specific_needs", n.Key, n.Value, NeedsArabic.GetValueOrDefault(n.Key, n.Value))));

        var settings = new List<Dictionary<string, object?>>
        {
            new() { ["form_title"] = "IdpTracker: household arrival", ["form_id"] = FormId, ["version"] = version, ["default_language"] = English },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["survey"] = survey, ["choices"] = choices, ["settings"] = settings });
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Question(ImportField field) =>
        Row(field.XlsType, field.Name, field.LabelEnglish, field.LabelArabic, field.Hint, field.Required);

    private static Dictionary<string, object?> Row(string type, string name, string? english, string? arabic, string? hint, bool required = false) => new()
    {
        ["type"] = type,
        ["name"] = name,
        [$"label::{English}"] = english,
        [$"label::{Arabic}"] = arabic,
        [$"hint::{English}"] = hint,
        ["required"] = required ? "yes" : null,
    };

    private static Dictionary<string, object?> Choice(string list, string name, string english, string arabic) => new()
    {
        ["list_name"] = list, ["name"] = name, [$"label::{English}"] = english, [$"label::{Arabic}"] = arabic,
    };

    /// <summary>OtherRelative as other_relative: how XLSForm choices are usually named (the importer reads either).</summary>
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
