using IdpTracker.Needs.Data;

namespace IdpTracker.Needs.Model;

/// <summary>
/// A forecast of cold for an area (adm1 or adm2 code) over a period. While in force it raises the priority of
/// households there in exposed or unheated shelter; at the end of its period it expires and they are weighed again.
/// </summary>
public sealed class ColdWeatherAlert
{
    public Guid Id { get; set; }
    public string Area { get; set; } = "";
    public decimal MinimumTemperatureC { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string RaisedBy { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
    /// <summary>When the households of the area were weighed with the alert (at its start).</summary>
    public DateTimeOffset? AppliedAt { get; set; }
    /// <summary>When the households of the area were weighed again without it (at its end).</summary>
    public DateTimeOffset? ExpiredAt { get; set; }

    public bool InForce(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public AlertFacts Facts => new(Id, Area, MinimumTemperatureC, EndsAt);

    public string Description => $"cold alert {MinimumTemperatureC:0.#} C in {Area}";

    /// <summary>The alert comes into force: the households of its area are to be weighed with it.</summary>
    public Reevaluation Start(NeedsDbContext db, DateTimeOffset now)
    {
        AppliedAt = now;
        return db.QueueReevaluation($"alert:{Id}:start", $"{Description} started", Area, now);
    }
}
