using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Keeps each centre's newest needs summary (status, and per sector in need, targeted and reached) for the reports.</summary>
public sealed class ProjectCenterNeedsConsumer(ReportingDbContext db) : IConsumer<CenterNeedsSummarized>
{
    public Task Consume(ConsumeContext<CenterNeedsSummarized> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectCenterNeedsConsumer), async () =>
        {
            var summary = context.Message;
            var needs = await db.CenterNeeds.FirstOrDefaultAsync(n => n.CenterId == summary.CenterId, context.CancellationToken);
            if (needs is not null && needs.Sequence >= summary.Sequence) return;
            if (needs is null)
            {
                needs = new ProjectedCenterNeeds { CenterId = summary.CenterId };
                db.CenterNeeds.Add(needs);
            }
            needs.Sequence = summary.Sequence;
            needs.Summary = summary;
        });
}
