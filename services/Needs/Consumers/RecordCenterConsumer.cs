using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>Keeps the centre facts that space and capacity rules need.</summary>
public sealed class RecordCenterConsumer(NeedsDbContext db) : IConsumer<CenterOpened>
{
    public Task Consume(ConsumeContext<CenterOpened> context) =>
        db.ApplyOnceAsync(context, nameof(RecordCenterConsumer), async () =>
        {
            var message = context.Message;
            var center = await db.Centers.FirstOrDefaultAsync(c => c.Id == message.CenterId, context.CancellationToken);
            if (center is null)
            {
                center = new CenterProfile { Id = message.CenterId };
                db.Centers.Add(center);
            }
            center.Name = message.Name;
            center.Adm1Code = message.Adm1Code;
            center.Adm2Code = message.Adm2Code;
            center.FloorAreaM2 = message.FloorAreaM2;
            center.NightCapacity = message.NightCapacity;
        });
}
