using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Imports;

/// <summary>One household read from an import, before validation, or the reason it could not be read.</summary>
public sealed record ImportedHousehold(string SubmissionId, Guid HouseholdId, RegisterHouseholdRequest? Request, string? Problem);

/// <summary>
/// Reads households from the forms field teams already use. A household's id is derived from its
/// submission id, so importing the same file again finds the same households and stores nothing twice.
/// </summary>
public static class SubmissionMapping
{
    public static Guid HouseholdIdFor(string submissionId)
    {
        // Name-based (version 5 style) UUID: the same submission always gives the same household id.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("idptracker-import:" + submissionId.Trim().ToLowerInvariant()));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// A KoboToolbox or ODK Central submission as JSON, with the fields of <see cref="ImportFields"/>. Group prefixes are
    /// ignored ("household/phone" is "phone", "members/sex" is "sex"); the members are the repeat group "members" (or "member").
    /// </summary>
    public static ImportedHousehold FromSubmission(JsonElement submission, Guid? defaultCenterId)
    {
        var fields = Flatten(submission);
        var submissionId = First(fields, ImportFields.SubmissionId)?.Replace("uuid:", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(submissionId)) return new ImportedHousehold("", Guid.Empty, null, "The submission has no instanceID, __id or _uuid.");

        var members = new List<MemberRequest>();
        foreach (var repeat in RepeatGroup(submission))
        {
            var m = Flatten(repeat);
            members.Add(Member(First(m, ImportFields.Sex), First(m, ImportFields.DateOfBirth), First(m, ImportFields.DateOfBirthEstimated),
                First(m, ImportFields.Relationship), First(m, ImportFields.NameArabic), First(m, ImportFields.NameLatin), First(m, ImportFields.SpecificNeeds)));
        }
        return Household(submissionId, First(fields, ImportFields.CenterId) ?? defaultCenterId?.ToString(), First(fields, ImportFields.ArrivedAt),
            First(fields, ImportFields.Phone), First(fields, ImportFields.OriginAdm1), First(fields, ImportFields.OriginAdm2),
            First(fields, ImportFields.OriginNeighbourhood), First(fields, ImportFields.DisplacedOn), First(fields, ImportFields.PreviousDisplacements),
            First(fields, ImportFields.Presence), members);
    }

    public static ImportedHousehold Household(string submissionId, string? centerId, string? arrivedAt, string? phone,
        string? originAdm1, string? originAdm2, string? neighbourhood, string? displacedOn, string? previousDisplacements, string? presence, List<MemberRequest> members)
    {
        var id = HouseholdIdFor(submissionId);
        if (!Guid.TryParse(centerId, out var center)) return new ImportedHousehold(submissionId, id, null, "center_id: give the reception centre's id.");
        ImportedHousehold Refused(string problem) => new(submissionId, id, null, problem);
        if (!Optional(arrivedAt, (string t, out DateTimeOffset v) => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out v), out var arrived))
            return Refused($"arrived_at: '{arrivedAt}' is not a date and time.");
        if (!Optional(displacedOn, (string t, out DateOnly v) => DateOnly.TryParse(t, CultureInfo.InvariantCulture, out v), out var displaced))
            return Refused($"displaced_on: '{displacedOn}' is not a date (YYYY-MM-DD).");
        if (!Optional(previousDisplacements, (string t, out int v) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), out var previous))
            return Refused($"previous_displacements: '{previousDisplacements}' is not a whole number.");
        if (!Optional(presence, (string t, out Presence v) => Enum.TryParse(t.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out v) && Enum.IsDefined(v), out var at))
            return Refused($"presence: '{presence}' is not one of day_and_night, night_only, day_only.");
        var origin = originAdm1 is null && originAdm2 is null && neighbourhood is null ? null : new OriginRequest(originAdm1, originAdm2, null, neighbourhood);
        return new ImportedHousehold(submissionId, id, new RegisterHouseholdRequest(center, arrived, members, null, Blank(phone), origin, displaced, previous, at), null);
    }

    private delegate bool TryRead<T>(string text, out T value);

    /// <summary>An optional field: left empty it is null; given, it must read, or the household is refused with the field named.</summary>
    private static bool Optional<T>(string? text, TryRead<T> read, out T? value) where T : struct
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!read(text, out var parsed)) return false;
        value = parsed;
        return true;
    }

    /// <summary>A member from text fields; values that cannot be read are left empty, so validation names the field.</summary>
    public static MemberRequest Member(string? sex, string? dateOfBirth, string? estimated, string? relationship,
        string? nameArabic, string? nameLatin, string? specificNeeds) => new(
        null,
        Enum.TryParse<Sex>(sex, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
        DateOnly.TryParse(dateOfBirth, CultureInfo.InvariantCulture, out var dob) ? dob : null,
        estimated is not null && (estimated.Equals("true", StringComparison.OrdinalIgnoreCase) || estimated == "1" || estimated.Equals("yes", StringComparison.OrdinalIgnoreCase)),
        Enum.TryParse<Relationship>(relationship?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : null,
        Blank(nameArabic), Blank(nameLatin),
        string.IsNullOrWhiteSpace(specificNeeds) ? null : specificNeeds.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToUpperInvariant()).ToList());

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IEnumerable<JsonElement> RepeatGroup(JsonElement submission)
    {
        foreach (var property in submission.EnumerateObject())
        {
            var name = property.Name.Split('/')[^1];
            if (name is ImportFields.MembersGroup or "member" && property.Value.ValueKind == JsonValueKind.Array) return property.Value.EnumerateArray().ToList();
        }
        return [];
    }

    private static Dictionary<string, string> Flatten(JsonElement element)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name.Split('/')[^1];
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String: fields[name] = property.Value.GetString()!; break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: fields[name] = property.Value.GetRawText(); break;
                case JsonValueKind.Object when name is "meta" or "__system":
                    foreach (var (key, value) in Flatten(property.Value)) fields.TryAdd(key, value);
                    break;
            }
        }
        return fields;
    }

    private static string? First(Dictionary<string, string> fields, ImportField field) =>
        field.Names.Select(n => fields.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
