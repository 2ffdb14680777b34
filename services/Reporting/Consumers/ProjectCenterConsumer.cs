using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Keeps the centres that reports list.</summary>
public sealed class ProjectCenterConsumer(ReportingDbContext db) : IConsumer<CenterOpened>, IConsumer<CenterUpdated>
{
    public Task Consume(ConsumeContext<CenterOpened> context) => Project(context, CenterFacts.From(context.Message));

    public Task Consume(ConsumeContext<CenterUpdated> context) => Project(context, CenterFacts.From(context.Message));

    private Task Project<T>(ConsumeContext<T> context, CenterFacts facts) where T : class =>
        db.ApplyOnceAsync(context, nameof(ProjectCenterConsumer), async () =>
        {
            var center = await db.Centers.FirstOrDefaultAsync(c => c.Id == facts.CenterId, context.CancellationToken);
            if (center is not null && center.SourceVersion >= facts.Version) return;
            if (center is null)
            {
                center = new ProjectedCenter { Id = facts.CenterId };
                db.Centers.Add(center);
            }
            center.SourceVersion = facts.Version;
            center.Name = facts.Name;
            center.NameArabic = facts.NameArabic;
            center.Adm1Code = facts.Adm1Code;
            center.Adm1Name = facts.Adm1Name;
            center.Adm2Code = facts.Adm2Code;
            center.Adm2Name = facts.Adm2Name;
            center.FloorAreaM2 = facts.FloorAreaM2;
            center.NightCapacity = facts.NightCapacity;
            center.Open = facts.Open;
        });
}
