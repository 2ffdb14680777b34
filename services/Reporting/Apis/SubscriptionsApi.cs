using System.Security.Claims;
using IdpTracker.ServiceDefaults.Security;
using FluentValidation;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Apis;

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports/subscriptions").WithTags("Report subscriptions").RequireAuthorization(Policies.Reports);
        api.MapPost("/", CreateSubscription).WithSummary("Subscribe a donor to scheduled situation reports")
            .RequireAuthorization(Policies.Coordination);
        api.MapGet("/", ListSubscriptions).WithSummary("List subscriptions (a donor sees their organisation's)");
        api.MapGet("/{id:guid}", GetSubscription).WithSummary("Get one subscription");
        api.MapPost("/{id:guid}/run", RunNow).WithSummary("Build a report now (a coordinator's preview); it is delivered like a scheduled one")
            .RequireAuthorization(Policies.Coordination);
        return app;
    }

    public static async Task<Results<Created<SubscriptionResponse>, ValidationProblem>> CreateSubscription(
        CreateSubscriptionRequest request, IValidator<CreateSubscriptionRequest> validator, ReportingDbContext db,
        SubscriptionSchedules schedules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());

        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(),
            Organisation = request.Organisation.Trim(),
            Emails = request.Emails.Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Cron = request.Cron.Trim(),
            TimeZone = request.TimeZone.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        schedules.Schedule(subscription);

        return TypedResults.Created($"/api/reports/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription));
    }

    public static async Task<Ok<List<SubscriptionResponse>>> ListSubscriptions(ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await Visible(db, user).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken))
            .Select(SubscriptionResponse.From).ToList());

    public static async Task<Results<Ok<SubscriptionResponse>, NotFound>> GetSubscription(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var subscription = await Visible(db, user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is null ? TypedResults.NotFound() : TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    public static async Task<Results<Created<ReportSummary>, NotFound>> RunNow(
        Guid id, ReportingDbContext db, SituationReportJob job, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null) return TypedResults.NotFound();
        // Microsecond precision is what PostgreSQL stores; truncating keeps the occurrence key exact.
        var now = clock.GetUtcNow();
        var occurrence = new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
        var report = await job.BuildAsync(subscription, occurrence, cancellationToken);
        return TypedResults.Created($"/api/reports/{report.Id}", ReportSummary.From(report));
    }

    /// <summary>A donor sees their organisation's subscriptions only; coordinators and administrators see all.</summary>
    private static IQueryable<Subscription> Visible(ReportingDbContext db, ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        if (caller.Is(Roles.Coordinator) || caller.Is(Roles.Admin)) return db.Subscriptions.AsNoTracking();
        var organisation = caller.Organisation ?? "";
        return db.Subscriptions.AsNoTracking().Where(s => s.Organisation == organisation);
    }
}

public sealed record CreateSubscriptionRequest(string Organisation, IReadOnlyList<string> Emails, string Cron, string TimeZone);

public sealed record SubscriptionResponse(Guid Id, string Organisation, IReadOnlyList<string> Emails, string Cron, string TimeZone, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.Organisation, s.Emails, s.Cron, s.TimeZone, s.CreatedAt);
}

internal sealed class CreateSubscriptionRequestValidator : AbstractValidator<CreateSubscriptionRequest>
{
    public CreateSubscriptionRequestValidator()
    {
        RuleFor(r => r.Organisation).NotEmpty().WithMessage("Name the receiving organisation.").MaximumLength(200);
        RuleFor(r => r.Emails).NotEmpty().WithMessage("Give at least one e-mail address.")
            .Must(emails => emails is null || emails.Count <= 50).WithMessage("At most 50 addresses per subscription.");
        RuleForEach(r => r.Emails).Must(BeAnEmailAddress).WithMessage("'{PropertyValue}' is not an e-mail address.");
        RuleFor(r => r.Cron).Must(Schedule.IsValidCron)
            .WithMessage("Give a five-field cron expression, e.g. '0 8 * * *' for every day at 08:00.");
        RuleFor(r => r.TimeZone).Must(Schedule.IsValidTimeZone)
            .WithMessage("Give an IANA time zone, e.g. 'Asia/Damascus'.");
    }

    private static bool BeAnEmailAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) && MimeKit.MailboxAddress.TryParse(address.Trim(), out var mailbox)
        && mailbox.Address.Contains('@') && !mailbox.Address.StartsWith('@') && !mailbox.Address.EndsWith('@');
}
