using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdpTracker.Messaging;

public static class ServiceCommands
{
    public const string Usage = """
        dotnet Service.dll            runs the service
        dotnet Service.dll migrate    applies the service's database migrations and exits
        dotnet Service.dll errors     lists the messages set aside in the service's _error and _dead queues: why, and whether already applied
        dotnet Service.dll errors replay MESSAGE-ID|all
                                      moves one or every set-aside message back to its queue (one already applied is skipped by the inbox)
        """;

    /// <summary>
    /// Runs the service, or one of its operator commands (<see cref="Usage"/>). Migrating is a deliberate step, never a
    /// side effect of starting a replica.
    /// </summary>
    public static async Task RunOrCommandAsync<TDbContext>(this WebApplication app, string[] args) where TDbContext : DbContext
    {
        // The command is the first argument; host options (--environment Production, key=value) run the service.
        var command = args.FirstOrDefault() is { } first && !first.StartsWith('-') && !first.Contains('=') ? first : null;
        switch (command)
        {
            case null:
                await app.RunAsync();
                return;
            case "migrate":
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                // A migration that fills a new table or column from a large register runs for minutes, not the 30 s a
                // request's statement is given; an operator runs it deliberately and watches it.
                db.Database.SetCommandTimeout(TimeSpan.Zero);
                await db.Database.MigrateAsync();
                app.Logger.LogInformation("Migrations for {Database} applied", typeof(TDbContext).Name);
                return;
            }
            case "errors":
            {
                await using var scope = app.Services.CreateAsyncScope();
                Environment.ExitCode = await ErrorsAsync(app.Services.GetService<RabbitMqOptions>(), scope.ServiceProvider.GetRequiredService<TDbContext>(),
                    app.Services.GetService<IReadOnlyList<ConsumerQueue>>() ?? [], args.SkipWhile(a => a != "errors").Skip(1).ToArray());
                return;
            }
            default:
                Console.Error.WriteLine(Usage);
                Environment.ExitCode = 2;
                return;
        }
    }

    private static async Task<int> ErrorsAsync(RabbitMqOptions? rabbit, DbContext db, IReadOnlyList<ConsumerQueue> queues, string[] args)
    {
        if (rabbit is null || queues.Count == 0)
        {
            Console.WriteLine("This service consumes no messages.");
            return 0;
        }
        var errors = new ErrorQueues(rabbit, db, queues);
        switch (args)
        {
            case []:
                var found = await errors.ListAsync(CancellationToken.None);
                foreach (var m in found)
                {
                    Console.WriteLine($"{m.Queue}\t{m.MessageId}\t{m.MessageType}\t{m.FailedAt:u}\t{(m.Applied ? "applied already" : "not applied")}\t{m.Reason}");
                }
                Console.WriteLine($"{found.Count} set aside ({found.Count(m => !m.Applied)} not applied) in {string.Join(", ", queues.Select(q => q.Queue + "_error|_dead"))}");
                return 0;
            case ["replay", var which] when which == "all" || Guid.TryParse(which, out _):
                var moved = await errors.ReplayAsync(which == "all" ? null : Guid.Parse(which), CancellationToken.None);
                Console.WriteLine($"{moved} moved back to their queue");
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
