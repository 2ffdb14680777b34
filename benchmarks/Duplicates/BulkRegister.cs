using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Fills Registration's tables directly with unlabelled families in the shapes the service stores (names and phone
/// encrypted with the running system's keys, the blind index written by the service's own code), to measure matching
/// on a large register without registering every family through the API first. Needs and Reporting never hear of them:
/// only duplicate matching is measured on them.
/// </summary>
static class BulkRegister
{
    public static async Task<int> FillAsync(Func<RegistrationDbContext> open, string root, Guid[] centres, int households, int seed)
    {
        var protector = new PersonalDataProtector(Microsoft.Extensions.Options.Options.Create(new PersonalDataOptions
        {
            EncryptionKey = RunningSystem.Setting(root, "secrets.env", "PersonalData__EncryptionKey"),
            BlindIndexKey = RunningSystem.Setting(root, "secrets.env", "PersonalData__BlindIndexKey"),
        }));
        var families = new Reception(seed).Generate(households, reRegistered: 0, brothers: 0.1);
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in families.Chunk(1000))
        {
            await using var db = open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var family in chunk)
            {
                var centre = centres[random.Next(centres.Length)];
                var household = new Household
                {
                    Id = family.Id, CenterId = centre, CurrentCenterId = centre, ArrivedAt = now.AddDays(-random.Next(30)), Version = 1,
                    ContentHash = "bulk", OriginAdm1Code = "SY08", OriginAdm2Code = "SY0800", OriginNeighbourhood = family.Neighbourhood,
                    Status = PlaceStatus.Present, RegisteredAt = now, UpdatedAt = now,
                };
                household.StatusSince = household.ArrivedAt;
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
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
        return families.Count;
    }
}
