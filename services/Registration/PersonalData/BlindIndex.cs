using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.PersonalData;

/// <summary>
/// The keyed hashes a household is found by without reading its names or phone: one row per matching key of each
/// member's names (<see cref="NameKeys"/>) and per two of its phonetic keys (<see cref="NameKeyPairs"/>), and the
/// phone's key on the household. Written at every registration and correction, and again by
/// <see cref="Jobs.BlindIndexUpgradeJob"/> when the keys a name gives change.
/// </summary>
public static class BlindIndex
{
    /// <param name="stored">The household's entries as they are in the database (tracked), to keep what still holds.</param>
    public static void Apply(RegistrationDbContext db, PersonalDataProtector protector, Household household,
        IEnumerable<(Member Member, MemberPersonalData Names)> members, string? phone, IReadOnlyList<NameIndexEntry> stored)
    {
        var wanted = members
            .SelectMany(m =>
            {
                var keys = NameKeys.For(m.Names.NameArabic).Concat(NameKeys.For(m.Names.NameLatin)).Distinct()
                    .Select(key => Entry(m.Member, protector.BlindIndex(key), phonetic: NameKeys.IsPhonetic(key), pair: false)).ToList();
                var pairs = NameKeyPairs.Of(keys.Where(e => e.Phonetic).Select(e => e.Hash).ToList());
                return keys.Concat(pairs.Select(pair => Entry(m.Member, pair.Hash, phonetic: false, pair: true)));
            })
            .DistinctBy(Key)
            .ToDictionary(Key);
        db.NameIndex.RemoveRange(stored.Where(e => !wanted.ContainsKey(Key(e))));
        foreach (var entry in stored.Where(e => wanted.ContainsKey(Key(e))))
        {
            var want = wanted[Key(entry)];
            (entry.Sex, entry.DateOfBirth, entry.Phonetic, entry.Pair) = (want.Sex, want.DateOfBirth, want.Phonetic, want.Pair);
        }
        var kept = stored.Select(Key).ToHashSet();
        db.InsertNameKeysOnSave(household, wanted.Where(w => !kept.Contains(w.Key)).Select(w => w.Value));

        household.PhoneKey = PhoneKeys.For(phone) is { } phoneKey ? protector.BlindIndex(phoneKey) : null;
        household.NameKeysVersion = NameKeys.Version;

        NameIndexEntry Entry(Member member, byte[] hash, bool phonetic, bool pair) => new()
        {
            HouseholdId = household.Id, MemberId = member.Id, Hash = hash, Phonetic = phonetic, Pair = pair,
            Sex = member.Sex, DateOfBirth = member.DateOfBirth,
        };

        static string Key(NameIndexEntry e) => e.MemberId.ToString("N") + Convert.ToHexString(e.Hash);
    }
}
