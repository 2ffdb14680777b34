using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpTracker.Messaging.Tests;

[Collection(nameof(MessagingCollection))]
public class ServiceDatabaseTests(MessagingFixture fixture)
{
    [Fact]
    public async Task A_statement_a_service_runs_again_and_again_is_prepared_once_on_its_connection()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        await db.Database.OpenConnectionAsync();
        var householdId = Guid.NewGuid();

        // A statement of this shape runs nowhere else in these tests.
        for (var i = 0; i < 6; i++) await db.Applied.Where(a => a.HouseholdId == householdId).Select(a => a.HouseholdId).Take(7).ToListAsync();

        // Asked on the same connection: PostgreSQL keeps a connection's prepared statements for that connection only.
        var prepared = await db.Database.SqlQuery<string>($"SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.Contains(prepared, statement => statement.Contains("applied_arrivals", StringComparison.Ordinal) && statement.Contains("LIMIT", StringComparison.Ordinal));
    }
}
