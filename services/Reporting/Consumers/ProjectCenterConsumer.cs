using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Keeps the centres that reports list.</summary>
public sealed class ProjectCenterConsumer(ReportingDbContext db) : IConsumer<CenterOpened>
{
    public Task Consume(ConsumeContext<CenterOpened> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectCenterConsumer), async () =>
        {
            var message = context.Message;
            var center = await db.Centers.FirstOrDefaultAsync(c => c.Id == message.CenterId, context.CancellationToken);
            if (center is null)
            {
                center = new ProjectedCenter { Id = message.CenterId };
                db.Centers.Add(center);
            }
            center.Name = message.Name;
            center.Adm1Code = message.Adm1Code;
            center.Adm1Name = message.Adm1Name;
            center.Adm2Code = message.Adm2Code;
            center.Adm2Name = message.Adm2Name;
            center.FloorAreaM2 = message.FloorAreaM2;
            center.NightCapacity = message.NightCapacity;
        });
}
