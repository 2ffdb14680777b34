using System.Diagnostics;
using Hangfire;
using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Text;

namespace IdpTracker.Reporting.Jobs;

/// <summary>
/// Builds a subscription's situation report for one occurrence, stores it and publishes it through
/// the outbox in one transaction. The occurrence is the idempotency key: a second run for the same
/// occurrence finds the stored report and does nothing.
/// </summary>
public sealed class ReportLinkOptions
{
    /// <summary>The address donors and their systems reach the API at (the gateway), for links in webhooks.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

public sealed class SituationReportJob(ReportingDbContext db, TimeProvider clock, IOptions<ReportLinkOptions> options, ILogger<SituationReportJob> logger)
{
    /// <summary>How far back a run looks for occurrences that were missed while the scheduler was down.</summary>
    public static readonly TimeSpan CatchUpWindow = TimeSpan.FromDays(35);

    /// <summary>How long a run waits for another run of the same subscription to end before failing (and being retried).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(5);

    /// <summary>At most this many missed reports are built in one run (an hourly schedule down for weeks).</summary>
    public const int MaxCatchUp = 100;

    /// <summary>
    /// Builds the report of every occurrence of the subscription's schedule that is due and not built yet, oldest
    /// first: the one this run was fired for and any missed while the scheduler was down (down for three periods,
    /// it comes back with exactly three reports). Each occurrence is built at most once, whoever runs it.
    /// </summary>
    [AutomaticRetry(Attempts = 10)]
    public async Task RunScheduledAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var _ = await SubscriptionLock.TakeAsync(db, subscriptionId, LockWait, cancellationToken);
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null || subscription.DeletedAt is not null)
        {
            logger.LogWarning("Subscription {SubscriptionId} no longer exists or has ended; nothing to build", subscriptionId);
            return;
        }
        foreach (var occurrence in await DueOccurrencesAsync(subscription, clock.GetUtcNow(), cancellationToken))
        {
            await BuildAsync(subscription, occurrence, cancellationToken);
        }
    }

    /// <summary>Occurrences since the subscription was made (within the catch-up window) with no report yet, oldest first.</summary>
    public async Task<List<DateTimeOffset>> DueOccurrencesAsync(Subscription subscription, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = subscription.ScheduledFrom > now - CatchUpWindow ? subscription.ScheduledFrom : now - CatchUpWindow;
        var occurrences = Schedule.Occurrences(subscription.Cron, subscription.TimeZone, from, now).ToList();
        if (occurrences.Count == 0) return [];
        var built = (await db.Reports.AsNoTracking()
                .Where(r => r.SubscriptionId == subscription.Id && r.Occurrence >= occurrences[0])
                .Select(r => r.Occurrence).ToListAsync(cancellationToken))
            .ToHashSet();
        // The oldest owed first; a longer backlog goes on at the next run.
        return occurrences.Where(o => !built.Contains(o)).Take(MaxCatchUp).ToList();
    }

    /// <summary>Governorates whose every centre is in the scope (named by area, or the whole country).</summary>
    public static HashSet<string> WholeGovernorates(IEnumerable<ProjectedCenter> centres, Func<Guid, string, string, bool> covers) =>
        centres.GroupBy(c => c.Adm1Code).Where(g => g.All(c => covers(c.Id, c.Adm1Code, c.Adm2Code))).Select(g => g.Key).ToHashSet();

    /// <returns>The report for this occurrence, built now or found from an earlier run.</returns>
    /// <summary>
    /// The report a subscription gets for an occurrence, computed and rendered but neither stored nor sent: what
    /// <see cref="BuildAsync"/> keeps and delivers, and what a coordinator previews before it goes.
    /// </summary>
    public async Task<(ReportFigures Figures, RenderedReport Rendered, int Households, int Centres)> RenderAsync(
        Subscription subscription, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZone);
        var local = TimeZoneInfo.ConvertTime(occurrence, zone);
        var allCentres = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        var centers = allCentres.Where(c => subscription.Covers(c.Id, c.Adm1Code, c.Adm2Code)).ToList();
        var inScope = centers.Select(c => c.Id).ToList();
        var needs = await db.CenterNeeds.AsNoTracking().Where(n => inScope.Contains(n.CenterId)).ToDictionaryAsync(n => n.CenterId, n => n.Summary, cancellationToken);
        var previous = await db.Reports.AsNoTracking()
            .Where(r => r.SubscriptionId == subscription.Id && r.Occurrence < occurrence)
            .OrderByDescending(r => r.Occurrence).Select(r => new { r.Occurrence, r.Figures }).FirstOrDefaultAsync(cancellationToken);
        var since = previous?.Occurrence ?? Schedule.Previous(subscription.Cron, subscription.TimeZone, occurrence);
        var (inputs, households) = await InputsAsync(inScope, occurrence, since, zone, cancellationToken);
        var figures = ReportFigures.From(inputs, centers, needs, occurrence, since, zone, WholeGovernorates(allCentres, subscription.Covers));
        figures.Shown = SituationReportRenderer.ShownKeyFigures(figures);
        var rendered = SituationReportRenderer.Render(figures, previous?.Figures, subscription.Organisation, local, ReportLanguage.For(subscription.Language));
        return (figures, rendered, households, centers.Count);
    }

    /// <summary>
    /// What the scope's figures add up, as of the occurrence's own day in its time zone. When that day is today (UTC) or
    /// later, as for a report built on time or previewed (in Damascus, UTC+3, the day starts at 21:00 UTC), the totals the
    /// live figures read are added up, less the counted rows that do not hold (docs/domain.md, "Age and sex disaggregation"); only the households
    /// whose rows stop holding before that day (someone's 5th, 12th, 18th or 60th birthday) are read and counted from their
    /// people. For an earlier day (a report owed from days ago) every household is counted again here.
    /// </summary>
    private async Task<(FigureInputs Inputs, int Households)> InputsAsync(
        List<Guid> inScope, DateTimeOffset occurrence, DateTimeOffset? since, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var day = ReportFigures.LocalDay(occurrence, zone);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (day >= today)
        {
            await db.RecountDueAsync(today, cancellationToken);
            await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            // Planned for this report's own time: once a statement has run five times, PostgreSQL may keep one plan for
            // any time, and for "any household arrived after it?" that plan reads the scope's every row (half a second
            // at 1,300,000 households) where the time's own plan reads the arrival index and finds none at once.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", cancellationToken);
            var scope = db.PeopleCounts.Where(c => inScope.Contains(c.CenterId));
            var rows = scope.Where(c => c.ArrivedAt <= occurrence);
            // The scope's totals less the few rows that do not hold: households arrived after the report's time (one built
            // late) and those whose brackets change before its day, counted from their people below.
            var groups = FigureInputs.Less(
                await FigureInputs.GroupsOf(db.PeopleCountTotals.Where(t => inScope.Contains(t.CenterId))).ToListAsync(cancellationToken),
                await FigureInputs.GroupsOf(scope.Where(c => c.ArrivedAt > occurrence || c.CountsUntil < day)).ToListAsync(cancellationToken));
            // The arrivals in the report's span from their totals, less those of the rows that do not hold (counted below).
            var arrivals = FigureInputs.Less(
                await db.ArrivalsAsync(scope, db.ArrivalTotals.Where(t => inScope.Contains(t.CenterId)), since, occurrence, cancellationToken),
                await FigureInputs.ArrivalsOf(rows.Where(c => c.CountsUntil < day), since).ToListAsync(cancellationToken));
            // The protection totals less the rows of households arrived after the report's time (one built late). Protection
            // rows carry no arrival time: those households are found through their counted rows, a search skipped when
            // there are none, as for a preview or a report on time.
            var protectionTotals = await FigureInputs.ProtectionOf(db.ProtectionCountTotals.Where(t => inScope.Contains(t.CenterId))).ToListAsync(cancellationToken);
            var protection = await scope.AnyAsync(c => c.ArrivedAt > occurrence, cancellationToken)
                ? FigureInputs.Less(protectionTotals, await FigureInputs.ProtectionOf(db.ProtectionCounts.Where(p => inScope.Contains(p.CenterId)
                    && db.PeopleCounts.Any(c => c.HouseholdId == p.HouseholdId && c.ArrivedAt > occurrence))).ToListAsync(cancellationToken))
                : protectionTotals;
            var changing = rows.Where(c => c.CountsUntil < day).Select(c => c.HouseholdId);
            var recounted = FigureInputs.Of(await db.Households.AsNoTracking().Where(h => changing.Contains(h.HouseholdId)).ToListAsync(cancellationToken), day, since);
            var inputs = new FigureInputs(groups, arrivals, protection).Plus(recounted with { Protection = [] });
            return (inputs, inputs.Groups.Sum(g => g.Households));
        }

        // Present or gone (to a host family, home...): a household counts in the scope of the centre it is in or left.
        var households = await db.Households.AsNoTracking()
            .Where(h => !h.Merged && h.SourceVersion > 0 && h.ArrivedAt <= occurrence && inScope.Contains(h.CenterId))
            .ToListAsync(cancellationToken);
        return (FigureInputs.Of(households, day, since), households.Count);
    }

    public async Task<SituationReport> BuildAsync(Subscription subscription, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        occurrence = occurrence.ToUniversalTime();
        var existing = await db.Reports.AsNoTracking()
            .FirstOrDefaultAsync(r => r.SubscriptionId == subscription.Id && r.Occurrence == occurrence, cancellationToken);
        if (existing is not null) return existing;

        var started = Stopwatch.GetTimestamp();
        var (figures, rendered, households, centres) = await RenderAsync(subscription, occurrence, cancellationToken);

        var report = new SituationReport
        {
            Id = Guid.CreateVersion7(),
            SubscriptionId = subscription.Id,
            Occurrence = occurrence,
            CreatedAt = clock.GetUtcNow(),
            Subject = rendered.Subject,
            Html = rendered.Html,
            Text = rendered.Text,
            Csv = rendered.Csv,
            Pdf = rendered.Pdf,
            Figures = figures,
            ScopeAreas = (await db.ScopeAreasAsync([subscription], cancellationToken))[subscription.Id],
        };
        db.Reports.Add(report);
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/reports/{report.Id}";
        var formats = subscription.Formats;
        db.AddOutboxMessage(new SituationReportPublished(report.Id, subscription.Id, occurrence, subscription.Emails,
            report.Subject, formats.Contains("html") ? report.Html : "", report.Text)
        {
            WebhookUrl = subscription.WebhookUrl,
            WebhookSecretVersion = subscription.WebhookSecretVersion,
            ScopeAreas = report.ScopeAreas,
            Links = new Dictionary<string, string> { ["json"] = link, ["html"] = link + ".html", ["pdf"] = link + ".pdf", ["csv"] = link + ".csv" },
            Attachments = [
                .. formats.Contains("pdf") ? [new ReportAttachment(report.FileName("pdf"), "application/pdf", report.Pdf)] : Array.Empty<ReportAttachment>(),
                .. formats.Contains("csv") ? [new ReportAttachment(report.FileName("csv"), "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(report.Csv))] : Array.Empty<ReportAttachment>(),
            ],
        }, clock);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A concurrent run built this occurrence first; its report and event stand, ours never existed.
            db.ChangeTracker.Clear();
            return await db.Reports.AsNoTracking().FirstAsync(r => r.SubscriptionId == subscription.Id && r.Occurrence == occurrence, cancellationToken);
        }

        logger.LogInformation("Situation report {ReportId} built for subscription {SubscriptionId}, occurrence {Occurrence}: {Households} households, {Centres} centres, {ElapsedMs} ms",
            report.Id, subscription.Id, occurrence, households, centres, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return report;
    }
}
