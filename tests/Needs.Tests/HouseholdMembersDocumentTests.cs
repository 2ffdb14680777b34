using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Tests;

/// <summary>
/// A household's members are one jsonb document of its row, in the shape registers have always held them in (property
/// names as in C#): a register kept from before reads the same, and what is written now reads the same to anything
/// that reads the column.
/// </summary>
public sealed class HouseholdMembersDocumentTests : IAsyncLifetime
{
    private readonly ServiceDatabase<NeedsDbContext> _database = new("idp_needs_members_document_tests", "Needs");

    public Task InitializeAsync() => _database.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Members_stored_by_an_earlier_version_are_read_and_a_new_list_is_stored_in_the_same_shape()
    {
        var id = Guid.NewGuid();
        var head = Guid.NewGuid();
        await _database.WithContextAsync(db =>
        {
            db.Households.Add(new HouseholdNeeds { HouseholdId = id, CenterId = Guid.NewGuid(), SourceVersion = 1, PlaceVersion = 1 });
            return db.SaveChangesAsync();
        });
        // As an earlier version wrote them, key for key.
        var earlier = $$"""[{"Sex": "female", "IsHead": true, "MemberId": "{{head}}", "DateOfBirth": "1992-03-15", "SpecificNeeds": ["FHH"]}]""";
        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"UPDATE household_needs SET members = {earlier}::jsonb WHERE household_id = {id}"));

        var read = await _database.WithContextAsync(db => db.Households.AsNoTracking().SingleAsync(h => h.HouseholdId == id));
        var member = Assert.Single(read.Members);
        Assert.Equal((head, "female", new DateOnly(1992, 3, 15), true), (member.MemberId, member.Sex, member.DateOfBirth, member.IsHead));
        Assert.Equal(["FHH"], member.SpecificNeeds);

        var child = Guid.NewGuid();
        await _database.WithContextAsync(async db =>
        {
            var household = await db.Households.SingleAsync(h => h.HouseholdId == id);
            household.Members = [.. household.Members, new AssessedMember { MemberId = child, Sex = "male", DateOfBirth = new DateOnly(2020, 1, 2) }];
            return await db.SaveChangesAsync();
        });

        var stored = await _database.WithContextAsync(db => db.Database
            .SqlQuery<string>($"SELECT jsonb_path_query_array(members, '$[*].MemberId')::text AS \"Value\" FROM household_needs WHERE household_id = {id}").SingleAsync());
        Assert.Equal($"""["{head}", "{child}"]""", stored);
        var births = await _database.WithContextAsync(db => db.Database
            .SqlQuery<string>($"SELECT jsonb_path_query_array(members, '$[*].DateOfBirth')::text AS \"Value\" FROM household_needs WHERE household_id = {id}").SingleAsync());
        Assert.Equal("""["1992-03-15", "2020-01-02"]""", births);
    }
}
