using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>Keeps the centre facts that space, capacity and winter rules need.</summary>
public sealed class RecordCenterConsumer(NeedsDbContext db) : IConsumer<CenterOpened>, IConsumer<CenterUpdated>
{
    public Task Consume(ConsumeContext<CenterOpened> context) => Record(context, CenterFacts.From(context.Message));

    public Task Consume(ConsumeContext<CenterUpdated> context) => Record(context, CenterFacts.From(context.Message));

    private Task Record<T>(ConsumeContext<T> context, CenterFacts facts) where T : class =>
        db.ApplyOnceAsync(context, nameof(RecordCenterConsumer), async () =>
        {
            var center = await db.Centers.FirstOrDefaultAsync(c => c.Id == facts.CenterId, context.CancellationToken);
            // A late copy of an older version must not undo a newer change.
            if (center is not null && center.SourceVersion >= facts.Version) return;
            if (center is null)
            {
                center = new CenterProfile { Id = facts.CenterId };
                db.Centers.Add(center);
            }
            center.SourceVersion = facts.Version;
            center.Name = facts.Name;
            center.Type = facts.Type;
            center.Adm1Code = facts.Adm1Code;
            center.Adm2Code = facts.Adm2Code;
            center.FloorAreaM2 = facts.FloorAreaM2;
            center.NightCapacity = facts.NightCapacity;
            center.DayCapacity = facts.DayCapacity;
            center.Heated = facts.Heated;
            center.Open = facts.Open;
        });
}
