using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.PersonalData;

/// <summary>
/// The keyed hashes a household is found by without reading its names or phone: one row per matching key of each
/// member's names (<see cref="NameKeys"/>) and the phone's key on the household. Written at every registration and
/// correction, and again by <see cref="Jobs.BlindIndexUpgradeJob"/> when the keys a name gives change.
/// </summary>
public static class BlindIndex
{
    /// <param name="stored">The household's entries as they are in the database (tracked), to keep what still holds.</param>
    public static void Apply(RegistrationDbContext db, PersonalDataProtector protector, Household household,
        IEnumerable<(Member Member, MemberPersonalData Names)> members, string? phone, IReadOnlyList<NameIndexEntry> stored)
    {
        var wanted = members
            .SelectMany(m => NameKeys.For(m.Names.NameArabic).Concat(NameKeys.For(m.Names.NameLatin)).Distinct()
                .Select(key => new NameIndexEntry
                {
                    HouseholdId = household.Id, MemberId = m.Member.Id, Hash = protector.BlindIndex(key), Phonetic = NameKeys.IsPhonetic(key),
                    Sex = m.Member.Sex, DateOfBirth = m.Member.DateOfBirth,
                }))
            .DistinctBy(Key)
            .ToDictionary(Key);
        db.NameIndex.RemoveRange(stored.Where(e => !wanted.ContainsKey(Key(e))));
        foreach (var entry in stored.Where(e => wanted.ContainsKey(Key(e))))
        {
            (entry.Sex, entry.DateOfBirth, entry.Phonetic) = (wanted[Key(entry)].Sex, wanted[Key(entry)].DateOfBirth, wanted[Key(entry)].Phonetic);
        }
        var kept = stored.Select(Key).ToHashSet();
        db.InsertNameKeysOnSave(household, wanted.Where(w => !kept.Contains(w.Key)).Select(w => w.Value));

        household.PhoneKey = PhoneKeys.For(phone) is { } phoneKey ? protector.BlindIndex(phoneKey) : null;
        household.NameKeysVersion = NameKeys.Version;

        static string Key(NameIndexEntry e) => e.MemberId.ToString("N") + Convert.ToHexString(e.Hash);
    }
}
