using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;

/// <summary>
/// Fills Registration's tables directly with unlabelled families in the shapes the service stores (names and phone
/// encrypted with the running system's keys, the blind index written by the service's own code), for a large register
/// without registering every family through the API (written with COPY, <see cref="CopyRows"/>). No event leaves Registration for them and the duplicate finder
/// is not asked about them; <paramref name="stored"/> is called with each thousand once saved (the bench tells Needs
/// and Reporting of them with those services' own code). Their kept versions and audit rows are not written.
/// </summary>
static class BulkRegister
{
    public static async Task<int> FillAsync(Func<RegistrationDbContext> open, string root, Guid[] centres, int households, int seed,
        Func<IReadOnlyList<Household>, Task>? stored = null)
    {
        var protector = new PersonalDataProtector(Microsoft.Extensions.Options.Options.Create(new PersonalDataOptions
        {
            EncryptionKey = RunningSystem.Setting(root, "secrets.env", "PersonalData__EncryptionKey"),
            BlindIndexKey = RunningSystem.Setting(root, "secrets.env", "PersonalData__BlindIndexKey"),
        }));
        var reception = new Reception(seed);
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var written = 0;
        while (written < households)
        {
            // A thousand at a time: a million families generated at once would not fit a small machine.
            var chunk = reception.Generate(Math.Min(1000, households - written), reRegistered: 0, brothers: 0.1);
            await using var db = open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var saved = new List<Household>(chunk.Count);
            foreach (var family in chunk)
            {
                var centre = centres[random.Next(centres.Length)];
                var household = new Household
                {
                    Id = family.Id, CenterId = centre, ArrivedAt = now.AddDays(-random.Next(30)), Version = 1,
                    ContentHash = "bulk", OriginAdm1Code = "SY08", OriginAdm2Code = "SY0800", OriginNeighbourhood = family.Neighbourhood,
                    RegisteredAt = now, UpdatedAt = now,
                };
                household.MoveTo(Journey.Current(household.CenterId, household.ArrivedAt, []));
                household.ContactCipher = family.Phone is null ? null : protector.Protect(new HouseholdContact(family.Phone), "households", "contact", household.Id);
                var named = new List<(Member, MemberPersonalData)>();
                foreach (var person in family.Members)
                {
                    var member = new Member
                    {
                        Id = Guid.CreateVersion7(), HouseholdId = household.Id, Position = household.Members.Count,
                        Sex = person.Sex == "male" ? Sex.Male : Sex.Female, DateOfBirth = person.Born, DateOfBirthEstimated = person.Estimated,
                        Relationship = Enum.Parse<Relationship>(person.Relationship, ignoreCase: true),
                    };
                    var names = new MemberPersonalData(
                        family.Script is "arabic" or "both" ? string.Join(' ', person.Parts.Select(p => p.Arabic)) : null,
                        family.Script is "latin" or "both" ? string.Join(' ', person.Parts.Select(p => p.Latin[0])) : null);
                    member.PersonalCipher = protector.Protect(names, "members", "personal", member.Id);
                    household.Members.Add(member);
                    named.Add((member, names));
                }
                db.Households.Add(household);
                BlindIndex.Apply(db, protector, household, named, family.Phone, []);
                saved.Add(household);
            }
            // The name keys are copied by the context's own save, which the rows' COPY does not call: added here, they are copied with the rest.
            db.NameIndex.AddRange(db.NameKeysToInsert());
            db.ChangeTracker.DetectChanges();
            await CopyRows.SaveAddedAsync(db);
            written += chunk.Count;
            if (stored is not null) await stored(saved);
        }
        return written;
    }
}
