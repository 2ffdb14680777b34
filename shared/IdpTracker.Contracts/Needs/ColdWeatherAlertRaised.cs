namespace IdpTracker.Contracts.Needs;

/// <summary>
/// A coordinator raised a cold-weather alert for an area (adm1 or adm2 code): from StartsAt until EndsAt, households
/// there in exposed or unheated shelter are weighed with it.
/// </summary>
public sealed record ColdWeatherAlertRaised(Guid AlertId, string Area, decimal MinimumTemperatureC, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset RaisedAt);

/// <summary>A cold-weather alert's period ended; the households of its area were weighed again without it.</summary>
public sealed record ColdWeatherAlertExpired(Guid AlertId, string Area, DateTimeOffset ExpiredAt);
