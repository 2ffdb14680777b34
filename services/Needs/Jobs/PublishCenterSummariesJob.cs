using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Needs.Jobs;

/// <summary>
/// Sends each centre's needs, response and gaps (<see cref="CenterNeedsSummarized"/>) when they change, for Reporting's
/// situation reports. A centre's figures move with arrivals, departures, distributions, rule sets, alerts and the
/// calendar, so rather than chase every cause the job adds up every centre's people tallies each round (one grouped
/// query, see <see cref="PeopleTally"/>) and sends those whose figures differ from the last ones sent. The summary and its new fingerprint are saved in one transaction, under a
/// lock that a second instance waits for before it reads, so two instances never send the same sequence twice.
/// </summary>
public sealed class PublishCenterSummariesJob(IServiceScopeFactory scopes, RuleSet defaults, TimeProvider timeProvider, IOptions<NeedsJobsOptions> options, ILogger<PublishCenterSummariesJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.SummaryInterval;

    /// <summary>The advisory lock key of this job (any number no other job of the Needs database uses).</summary>
    private const long SummaryLock = 0x4E656564_53756D;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NeedsDbContext>();
        var now = Clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        await db.RecountDueTalliesAsync(today, cancellationToken);
        // One instance at a time, reading only once it holds the lock: a later round never sends older figures.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SummaryLock})", cancellationToken);
        var centres = await db.Centers.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var rules = await db.CurrentRulesAsync(defaults, cancellationToken);
        var groups = (await NeedsSummary.Groups(db.PeopleTallyTotals, rules.TargetMinPriority).ToListAsync(cancellationToken)).ToLookup(g => g.CenterId);
        var published = await db.PublishedCenterSummaries.ToDictionaryAsync(p => p.CenterId, cancellationToken);
        var sent = 0;
        foreach (var centre in centres.Values)
        {
            var summary = Summarize(centre, groups[centre.Id].ToList(), rules, today);
            var fingerprint = Fingerprint(summary);
            published.TryGetValue(centre.Id, out var last);
            if (last?.Fingerprint == fingerprint) continue;
            if (last is null)
            {
                last = new PublishedCenterSummary { CenterId = centre.Id };
                db.PublishedCenterSummaries.Add(last);
            }
            last.Sequence++;
            last.Fingerprint = fingerprint;
            last.PublishedAt = now;
            db.AddOutboxMessage(summary with { Sequence = last.Sequence, SummarizedAt = now }, Clock);
            sent++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Sent the needs summary of {Count} of {Centres} centres, recomputed in {ElapsedMs} ms",
                sent, centres.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return false;
    }

    public static CenterNeedsSummarized Summarize(CenterProfile centre, IReadOnlyCollection<TallyGroup> groups, RuleSet rules, DateOnly asOf)
    {
        var households = groups.Sum(g => g.Households);
        var people = groups.Sum(g => g.People);
        var evaluation = CenterRules.Evaluate(CenterConditions.Of(centre, groups), rules, asOf);
        var sectors = NeedsSummary.For(groups, new Dictionary<Guid, CenterProfile> { [centre.Id] = centre }, rules, asOf);
        return new CenterNeedsSummarized(centre.Id, 0, default, rules.Version, households, people,
            evaluation.Status.ToString().ToLowerInvariant(), evaluation.SpacePerPersonM2, evaluation.RequiredM2PerPerson,
            evaluation.NightOccupancyPercent, evaluation.PeoplePerToilet, evaluation.Reasons.Select(r => r.Text).ToList(),
            sectors.Select(s => new SectorNeeds(s.Sector, s.InNeed, s.Targeted, s.Reached,
                s.BySexAndAge.Select(c => new SectorNeedsCell(c.Sex, c.AgeBracket, c.InNeed, c.Targeted, c.Reached)).ToList())).ToList());
    }

    /// <summary>The figures without their sequence and time: equal fingerprints mean nothing a reader sees changed.</summary>
    private static string Fingerprint(CenterNeedsSummarized summary) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(summary with { Sequence = 0, SummarizedAt = default }))));
}
