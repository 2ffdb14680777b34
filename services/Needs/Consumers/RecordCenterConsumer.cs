using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>
/// Keeps the centre facts that space, capacity, WASH, winter and priority rules need. When a centre's shelter
/// changes (a heater arrives, a hall turns out unfinished, it moves to another area), the households there are
/// weighed again.
/// </summary>
public sealed class RecordCenterConsumer(NeedsDbContext db, RuleSet defaults, TimeProvider clock) : IConsumer<CenterOpened>, IConsumer<CenterUpdated>
{
    public Task Consume(ConsumeContext<CenterOpened> context) => Record(context, CenterFacts.From(context.Message));

    public Task Consume(ConsumeContext<CenterUpdated> context) => Record(context, CenterFacts.From(context.Message));

    private Task Record<T>(ConsumeContext<T> context, CenterFacts facts) where T : class =>
        db.ApplyOnceAsync(context, nameof(RecordCenterConsumer), async () =>
        {
            var center = await db.CenterForChangeAsync(facts.CenterId, context.CancellationToken);
            // A late copy of an older version must not undo a newer change.
            if (center is not null && center.SourceVersion >= facts.Version) return;
            if (center is null)
            {
                center = new CenterProfile { Id = facts.CenterId };
                db.Centers.Add(center);
            }
            var weighedDifferently = center.Type != facts.Type || center.Heated != facts.Heated
                                     || center.Adm1Code != facts.Adm1Code || center.Adm2Code != facts.Adm2Code;
            center.SourceVersion = facts.Version;
            center.Name = facts.Name;
            center.Adm1Code = facts.Adm1Code;
            center.Adm2Code = facts.Adm2Code;
            center.FloorAreaM2 = facts.FloorAreaM2;
            center.NightCapacity = facts.NightCapacity;
            center.DayCapacity = facts.DayCapacity;
            center.ToiletsFemale = facts.ToiletsFemale;
            center.ToiletsMale = facts.ToiletsMale;
            center.Heated = facts.Heated;
            center.Open = facts.Open;
            center.Type = facts.Type;
            if (!weighedDifferently) return;
            var now = clock.GetUtcNow();
            var rules = await db.CurrentRulesAsync(defaults, context.CancellationToken);
            var alerts = await db.AlertsInForceAsync(now, context.CancellationToken);
            foreach (var household in await db.Households.Where(h => h.CenterId == center.Id && h.Present).ToListAsync(context.CancellationToken))
            {
                household.Reassess(center, rules, alerts, now);
            }
        });
}
