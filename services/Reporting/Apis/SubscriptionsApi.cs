using System.Security.Claims;
using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Domain;
using FluentValidation;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.ServiceDefaults.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Apis;

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports/subscriptions").WithTags("Report subscriptions").RequireAuthorization(Policies.Reports);
        api.MapPost("/", CreateSubscription).RequireAuthorization(Policies.Coordination)
            .WithSummary("Subscribe a donor to scheduled situation reports")
            .WithDescription("Scope: areas (adm1 or adm2 codes) and/or centres; a coordinator's subscriptions lie within their areas, " +
                             "and without a scope cover all of them.");
        api.MapGet("/", ListSubscriptions).WithSummary("List subscriptions (a donor sees their organisation's)");
        api.MapGet("/{id:guid}", GetSubscription).WithSummary("Get one subscription");
        api.MapPatch("/{id:guid}", UpdateSubscription).RequireAuthorization(Policies.Coordination)
            .WithSummary("Change a subscription; a new cadence replaces its schedule from now on");
        api.MapDelete("/{id:guid}", DeleteSubscription).RequireAuthorization(Policies.Coordination)
            .WithSummary("End a subscription: its schedule is removed; the reports already built stay");
        api.MapGet("/{id:guid}/preview.html", Preview)
            .WithSummary("The report this subscription would get now, as the HTML a donor receives: computed, neither kept nor sent")
            .RequireAuthorization(Policies.Coordination);
        api.MapPost("/{id:guid}/run", RunNow).WithSummary("Build a report now (a coordinator's preview); it is delivered like a scheduled one")
            .RequireAuthorization(Policies.Coordination);
        return app;
    }

    public static async Task<Results<Created<SubscriptionResponse>, ValidationProblem>> CreateSubscription(
        CreateSubscriptionRequest request, IValidator<CreateSubscriptionRequest> validator, ReportingDbContext db, ClaimsPrincipal user,
        SubscriptionSchedules schedules, IOptions<WebhookOptions> webhooks, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());
        if (await WebhookUrlErrorAsync(request.WebhookUrl, webhooks.Value, cancellationToken) is { } webhookError) return webhookError;
        var caller = Caller.From(user);
        var (areas, centres) = (Codes(request.Areas), request.Centres?.Distinct().ToList() ?? []);
        // Without a scope, a coordinator's subscription covers their own areas, not every centre.
        if (areas.Count == 0 && centres.Count == 0 && !caller.Is(Roles.Admin)) areas = caller.Areas.Order().ToList();
        if (areas.Count == 0 && centres.Count == 0 && !caller.Is(Roles.Admin))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["areas"] = ["You have no areas; give the areas or centres the reports cover."] });
        }
        if (await ScopeErrorsAsync(areas, centres, caller, db, cancellationToken) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow();
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(),
            Organisation = request.Organisation.Trim(),
            Emails = Addresses(request.Emails ?? []),
            WebhookUrl = string.IsNullOrWhiteSpace(request.WebhookUrl) ? null : request.WebhookUrl.Trim(),
            Language = request.Language ?? "en",
            Formats = request.Formats is null ? [.. ReportFormats.Default] : ReportFormats.Normalize(request.Formats),
            Cron = request.Cron.Trim(),
            TimeZone = request.TimeZone.Trim(),
            Areas = areas,
            Centres = centres,
            CreatedAt = now,
            ScheduledFrom = now,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        schedules.Schedule(subscription);

        // The webhook secret is shown here and on rotation, never again.
        return TypedResults.Created($"/api/reports/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription) with
        {
            WebhookSecret = subscription.WebhookUrl is null ? null : WebhookSigning.SecretFor(webhooks.Value.Key, subscription.Id, subscription.WebhookSecretVersion),
        });
    }

    public static async Task<Ok<List<SubscriptionResponse>>> ListSubscriptions(ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.VisibleSubscriptionsAsync(Caller.From(user), cancellationToken))
            .OrderBy(s => s.CreatedAt).Select(SubscriptionResponse.From).ToList());

    public static async Task<Results<Ok<SubscriptionResponse>, NotFound>> GetSubscription(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var subscription = (await db.VisibleSubscriptionsAsync(Caller.From(user), cancellationToken)).FirstOrDefault(s => s.Id == id);
        return subscription is null ? TypedResults.NotFound() : TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    public static async Task<Results<Ok<SubscriptionResponse>, ValidationProblem, NotFound>> UpdateSubscription(
        Guid id, UpdateSubscriptionRequest request, IValidator<UpdateSubscriptionRequest> validator, ReportingDbContext db, ClaimsPrincipal user,
        SubscriptionSchedules schedules, IOptions<WebhookOptions> webhooks, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (subscription is null) return TypedResults.NotFound();
        var caller = Caller.From(user);
        if (!await MayChangeAsync(subscription, caller, db, cancellationToken)) return TypedResults.NotFound();
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());
        if (await WebhookUrlErrorAsync(request.WebhookUrl, webhooks.Value, cancellationToken) is { } webhookError) return webhookError;
        var webhookUrl = request.WebhookUrl is null ? subscription.WebhookUrl : request.WebhookUrl.Trim().Length == 0 ? null : request.WebhookUrl.Trim();
        var emails = request.Emails is null ? subscription.Emails : Addresses(request.Emails);
        if (emails.Count == 0 && webhookUrl is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["emails"] = ["Keep at least one e-mail address or a webhook."] });
        }
        var areas = request.Areas is null ? subscription.Areas : Codes(request.Areas);
        var centres = request.Centres?.Distinct().ToList() ?? subscription.Centres;
        if (areas.Count == 0 && centres.Count == 0 && !caller.Is(Roles.Admin))
        {
            // An empty scope is every centre: only an administrator may give one.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["areas"] = ["Give the areas or centres the reports cover."] });
        }
        if (await ScopeErrorsAsync(areas, centres, caller, db, cancellationToken) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);

        var previousWebhookUrl = subscription.WebhookUrl;
        var cadenceChanged = (request.Cron is { } cron && cron.Trim() != subscription.Cron) || (request.TimeZone is { } zone && zone.Trim() != subscription.TimeZone);
        subscription.Organisation = request.Organisation?.Trim() ?? subscription.Organisation;
        subscription.Emails = emails;
        subscription.WebhookUrl = webhookUrl;
        subscription.Language = request.Language ?? subscription.Language;
        if (request.Formats is not null) subscription.Formats = ReportFormats.Normalize(request.Formats);
        // A new address gets a new secret too: the secret is the receiver's, not the subscription's.
        if (request.RotateWebhookSecret == true || webhookUrl != previousWebhookUrl)
        {
            subscription.WebhookSecretVersion++;
            db.AddOutboxMessage(new SubscriptionWebhookChanged(subscription.Id, webhookUrl, subscription.WebhookSecretVersion, clock.GetUtcNow()), clock);
        }
        subscription.Cron = request.Cron?.Trim() ?? subscription.Cron;
        subscription.TimeZone = request.TimeZone?.Trim() ?? subscription.TimeZone;
        subscription.Areas = areas;
        subscription.Centres = centres;
        // Occurrences of the old cadence are not owed under the new one: catching up starts now.
        if (cadenceChanged) subscription.ScheduledFrom = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        schedules.Schedule(subscription);
        var showSecret = subscription.WebhookUrl is not null && (request.RotateWebhookSecret == true || request.WebhookUrl is not null);
        return TypedResults.Ok(SubscriptionResponse.From(subscription) with
        {
            WebhookSecret = showSecret ? WebhookSigning.SecretFor(webhooks.Value.Key, subscription.Id, subscription.WebhookSecretVersion) : null,
        });
    }

    public static async Task<Results<NoContent, NotFound>> DeleteSubscription(
        Guid id, ReportingDbContext db, ClaimsPrincipal user, SubscriptionSchedules schedules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (subscription is null) return TypedResults.NotFound();
        if (!await MayChangeAsync(subscription, Caller.From(user), db, cancellationToken)) return TypedResults.NotFound();
        subscription.DeletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // A restart re-applies this if it is lost (SubscriptionScheduleSync); a run that slips through finds the subscription ended.
        schedules.Unschedule(subscription);
        return TypedResults.NoContent();
    }

    public static async Task<Results<ContentHttpResult, NotFound>> Preview(
        Guid id, ReportingDbContext db, SituationReportJob job, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (subscription is null || !await MayChangeAsync(subscription, Caller.From(user), db, cancellationToken)) return TypedResults.NotFound();
        var (_, rendered, _, _) = await job.RenderAsync(subscription, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Content(rendered.Html, "text/html; charset=utf-8");
    }

    public static async Task<Results<Created<ReportSummary>, NotFound>> RunNow(
        Guid id, ReportingDbContext db, SituationReportJob job, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (subscription is null) return TypedResults.NotFound();
        // A preview is sent to the recipients like any report: only for subscriptions the caller may change.
        if (!await MayChangeAsync(subscription, Caller.From(user), db, cancellationToken)) return TypedResults.NotFound();
        // Microsecond precision is what PostgreSQL stores; truncating keeps the occurrence key exact.
        var now = clock.GetUtcNow();
        var occurrence = new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
        var report = await job.BuildAsync(subscription, occurrence, cancellationToken);
        return TypedResults.Created($"/api/reports/{report.Id}", ReportSummary.From(report));
    }

    /// <summary>
    /// Areas must be admin codes, centres known to Reporting, and for a coordinator all of it inside their areas (an
    /// adm2 code inside their adm1 counts).
    /// </summary>
    private static async Task<Dictionary<string, string[]>> ScopeErrorsAsync(
        IReadOnlyList<string> areas, IReadOnlyList<Guid> centres, Caller caller, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < areas.Count; i++)
        {
            if (!AdminCodes.IsValid(areas[i])) errors[$"areas[{i}]"] = [$"'{areas[i]}' is not an adm1 or adm2 code, {AdminCodes.Example}."];
            else if (!caller.CoversArea(areas[i])) errors[$"areas[{i}]"] = [$"{areas[i]} is outside your areas."];
        }
        var known = await db.Centers.AsNoTracking().Where(c => centres.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        for (var i = 0; i < centres.Count; i++)
        {
            if (!known.TryGetValue(centres[i], out var centre)) errors[$"centres[{i}]"] = ["No such centre (one opened a moment ago takes a few seconds to reach reports)."];
            else if (!caller.CoversArea(centre.Adm2Code) && !caller.CoversArea(centre.Adm1Code)) errors[$"centres[{i}]"] = ["This centre is outside your areas."];
        }
        return errors;
    }

    /// <summary>
    /// Administrators change any subscription; a coordinator those whose whole scope lies in their areas, the ones they
    /// see. Any other answers as if it did not exist.
    /// </summary>
    private static async Task<bool> MayChangeAsync(Subscription subscription, Caller caller, ReportingDbContext db, CancellationToken cancellationToken) =>
        caller.CoversScope((await db.ScopeAreasAsync([subscription], cancellationToken))[subscription.Id]);

    /// <summary>An absolute https address of a public receiver (http or a local one only where the deployment allows it).</summary>
    private static async Task<ValidationProblem?> WebhookUrlErrorAsync(string? url, WebhookOptions options, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(url) || await WebhookAddresses.ProblemAsync(url, options, cancellationToken) is not { } error
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["webhookUrl"] = [error] });

    private static List<string> Codes(IEnumerable<string>? areas) =>
        areas?.Select(a => a.Trim().ToUpperInvariant()).Where(a => a.Length > 0).Distinct().ToList() ?? [];

    private static List<string> Addresses(IEnumerable<string> emails) => emails.Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

/// <param name="Areas">adm1 or adm2 codes the report covers.</param>
/// <param name="Centres">Centres the report covers, besides those of the areas.</param>
/// <param name="WebhookUrl">Where each report's summary is POSTed, signed; the secret comes back once in the answer.</param>
public sealed record CreateSubscriptionRequest(string Organisation, IReadOnlyList<string>? Emails, string Cron, string TimeZone,
    IReadOnlyList<string>? Areas = null, IReadOnlyList<Guid>? Centres = null, string? WebhookUrl = null, string? Language = null,
    IReadOnlyList<string>? Formats = null);

/// <summary>Only the fields sent change.</summary>
/// <param name="WebhookUrl">A new receiver; "" removes the webhook.</param>
/// <param name="RotateWebhookSecret">A new secret, shown once in the answer; the old one stops at once.</param>
public sealed record UpdateSubscriptionRequest(string? Organisation, IReadOnlyList<string>? Emails, string? Cron, string? TimeZone,
    IReadOnlyList<string>? Areas, IReadOnlyList<Guid>? Centres, string? WebhookUrl = null, bool? RotateWebhookSecret = null, string? Language = null,
    IReadOnlyList<string>? Formats = null);

public sealed record SubscriptionResponse(Guid Id, string Organisation, IReadOnlyList<string> Emails, string Cron, string TimeZone,
    IReadOnlyList<string> Areas, IReadOnlyList<Guid> Centres, string? WebhookUrl, string Language, DateTimeOffset CreatedAt)
{
    /// <summary>"html" (the e-mail's body), "pdf" and "csv" (attached).</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>Only when the webhook is set or its secret rotated: keep it, it is not shown again.</summary>
    public string? WebhookSecret { get; init; }

    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.Organisation, s.Emails, s.Cron, s.TimeZone, s.Areas, s.Centres, s.WebhookUrl, s.Language, s.CreatedAt)
    {
        Formats = s.Formats,
    };
}

internal static class SubscriptionRules
{
    public static bool BeAnEmailAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) && MimeKit.MailboxAddress.TryParse(address.Trim(), out var mailbox)
        && mailbox.Address.Contains('@') && !mailbox.Address.StartsWith('@') && !mailbox.Address.EndsWith('@');

    public const string CronHelp = "Give a five-field cron expression, e.g. '0 8 * * *' for every day at 08:00.";
    public const string TimeZoneHelp = "Give an IANA time zone, e.g. 'Asia/Damascus'.";
    public const string LanguageHelp = "Choose 'en' (English) or 'ar' (Arabic, right to left).";
    public const int MaxScopeAreas = 100;
    public const string TooManyAreas = "At most 100 areas; a governorate code covers its districts.";
    public const string NullArea = "Give an admin code here, not null.";
}

internal sealed class CreateSubscriptionRequestValidator : AbstractValidator<CreateSubscriptionRequest>
{
    public CreateSubscriptionRequestValidator()
    {
        RuleFor(r => r.Organisation).NotEmpty().WithMessage("Name the receiving organisation.").Text(200);
        RuleFor(r => r.Emails).NotEmpty().WithMessage("Give at least one e-mail address, or a webhook.").When(r => string.IsNullOrWhiteSpace(r.WebhookUrl));
        RuleFor(r => r.Emails).Must(emails => emails is null || emails.Count <= 50).WithMessage("At most 50 addresses per subscription.");
        RuleForEach(r => r.Emails).Must(SubscriptionRules.BeAnEmailAddress).WithMessage("'{PropertyValue}' is not an e-mail address.");
        RuleFor(r => r.Cron).NotNull().Text(100).Must(Schedule.IsValidCron).WithMessage(SubscriptionRules.CronHelp);
        RuleFor(r => r.TimeZone).NotNull().Text(100).Must(Schedule.IsValidTimeZone).WithMessage(SubscriptionRules.TimeZoneHelp);
        RuleFor(r => r.Areas).Must(areas => areas is null || areas.Count <= SubscriptionRules.MaxScopeAreas).WithMessage(SubscriptionRules.TooManyAreas);
        RuleForEach(r => r.Areas).NotNull().WithMessage(SubscriptionRules.NullArea).Text(20);
        RuleFor(r => r.Language).Must(ReportLanguage.IsKnown).WithMessage(SubscriptionRules.LanguageHelp).When(r => r.Language is not null);
        RuleFor(r => r.Formats).Must(ReportFormats.AreKnown).WithMessage(ReportFormats.Help).When(r => r.Formats is not null);
    }
}

internal sealed class UpdateSubscriptionRequestValidator : AbstractValidator<UpdateSubscriptionRequest>
{
    public UpdateSubscriptionRequestValidator()
    {
        RuleFor(r => r.Organisation).NotEmpty().WithMessage("Name the receiving organisation.").Text(200).When(r => r.Organisation is not null);
        RuleFor(r => r.Emails).Must(emails => emails!.Count <= 50).WithMessage("At most 50 addresses per subscription.").When(r => r.Emails is not null);
        RuleForEach(r => r.Emails).Must(SubscriptionRules.BeAnEmailAddress).WithMessage("'{PropertyValue}' is not an e-mail address.");
        RuleFor(r => r.Cron).Text(100).Must(Schedule.IsValidCron).WithMessage(SubscriptionRules.CronHelp).When(r => r.Cron is not null);
        RuleFor(r => r.TimeZone).Text(100).Must(Schedule.IsValidTimeZone).WithMessage(SubscriptionRules.TimeZoneHelp).When(r => r.TimeZone is not null);
        RuleFor(r => r.Areas).Must(areas => areas is null || areas.Count <= SubscriptionRules.MaxScopeAreas).WithMessage(SubscriptionRules.TooManyAreas);
        RuleForEach(r => r.Areas).NotNull().WithMessage(SubscriptionRules.NullArea).Text(20);
        RuleFor(r => r.Language).Must(ReportLanguage.IsKnown).WithMessage(SubscriptionRules.LanguageHelp).When(r => r.Language is not null);
        RuleFor(r => r.Formats).Must(ReportFormats.AreKnown).WithMessage(ReportFormats.Help).When(r => r.Formats is not null);
    }
}
