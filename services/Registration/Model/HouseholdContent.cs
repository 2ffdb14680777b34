using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IdpTracker.Registration.Apis;

namespace IdpTracker.Registration.Model;

/// <summary>
/// A stable fingerprint of a household as submitted, independent of JSON formatting and field order.
/// It must not change for content already stored: a device resending yesterday's registration after
/// an upgrade must still get 200, not a conflict.
/// </summary>
public static class HouseholdContent
{
    public static string Hash(RegisterHouseholdRequest request)
    {
        var canonical = new StringBuilder()
            .Append(request.CenterId.ToString("N")).Append('|')
            .Append(request.ArrivedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "-").Append('|')
            .Append(request.Phone?.Trim()).Append('|')
            .Append(request.Origin?.Adm1Code).Append(',').Append(request.Origin?.Adm2Code).Append(',')
            .Append(request.Origin?.Adm3Code).Append(',').Append(request.Origin?.Neighbourhood).Append('|')
            .Append(request.DisplacedOn?.ToString("O", CultureInfo.InvariantCulture));
        // Appended only when given, so what was stored before the field existed keeps its fingerprint.
        if (request.PreviousDisplacements is { } previous) canonical.Append("|previous=").Append(previous);
        if (request.Presence is { } presence and not Presence.DayAndNight) canonical.Append("|presence=").Append(presence);
        foreach (var m in request.Members)
        {
            canonical.Append('|')
                .Append(m.Id?.ToString("N") ?? "-").Append(',')
                .Append(m.Sex).Append(',')
                .Append(m.DateOfBirth?.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                .Append(m.DateOfBirthEstimated).Append(',')
                .Append(m.Relationship).Append(',')
                .Append(m.NameArabic?.Trim()).Append(',')
                .Append(m.NameLatin?.Trim()).Append(',')
                .Append(string.Join(';', (m.SpecificNeeds ?? []).Distinct().Order()));
            // Fields added later are appended only when present, so what was stored before they existed keeps its fingerprint.
            if (m.AgeYears is { } age) canonical.Append(",age=").Append(age);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
