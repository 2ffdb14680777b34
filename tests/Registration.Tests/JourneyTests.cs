using FsCheck.Xunit;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

public class JourneyTests
{
    private static readonly Guid School = Guid.NewGuid();
    private static readonly Guid Mosque = Guid.NewGuid();
    private static readonly DateTimeOffset Registered = new(2027, 1, 20, 9, 0, 0, TimeSpan.Zero);

    private static Movement Step(MovementKind kind, int hoursAfter, Guid? center = null, Destination? destination = null) => new()
    {
        Id = Guid.NewGuid(), Kind = kind, CenterId = center, Destination = destination,
        OccurredAt = Registered.AddHours(hoursAfter), RecordedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void A_registered_household_is_present_where_it_registered()
    {
        var place = Journey.Current(School, Registered, []);

        Assert.Equal(new Place(PlaceStatus.Present, School, null, Registered, null) { LastCenterId = School }, place);
    }

    [Fact]
    public void A_transfer_moves_the_household_to_the_new_centre()
    {
        var place = Journey.Current(School, Registered, [Step(MovementKind.Transfer, 24, Mosque)]);

        Assert.Equal(PlaceStatus.Present, place.Status);
        Assert.Equal(Mosque, place.CenterId);
    }

    [Fact]
    public void A_late_synced_arrival_does_not_undo_a_newer_departure()
    {
        var departure = Step(MovementKind.Departure, 48, destination: Destination.HostFamily);
        var olderTransfer = Step(MovementKind.Transfer, 24, Mosque);

        var place = Journey.Current(School, Registered, [departure, olderTransfer]);

        Assert.Equal(PlaceStatus.Departed, place.Status);
        Assert.Equal(Destination.HostFamily, place.Destination);
        Assert.Null(place.CenterId);
    }

    [Theory]
    // days since departure, follow-up hours after departure (-1: none), overdue
    [InlineData(4, -1, false)]
    [InlineData(5, -1, true)]
    [InlineData(9, -1, true)]
    [InlineData(9, 30, false)]
    public void A_household_gone_5_days_without_a_follow_up_is_overdue(int daysGone, int followUpHours, bool overdue)
    {
        var movements = new List<Movement> { Step(MovementKind.Departure, 0, destination: Destination.Unknown) };
        if (followUpHours >= 0) movements.Add(Step(MovementKind.FollowUp, followUpHours));

        var place = Journey.Current(School, Registered.AddHours(-1), movements);

        Assert.Equal(overdue, Journey.IsOverdue(place, Registered.AddDays(daysGone)));
    }

    [Fact]
    public void A_household_back_at_a_centre_is_not_overdue()
    {
        var place = Journey.Current(School, Registered, [Step(MovementKind.Departure, 1, destination: Destination.Other), Step(MovementKind.Arrival, 30, Mosque)]);

        Assert.False(Journey.IsOverdue(place, Registered.AddDays(30)));
    }

    /// <summary>
    /// Devices sync late, out of order and more than once. Whatever order the movements reach the
    /// server in, and however often each is resent (the server keeps one per id), the place is the
    /// one they give applied once in the order they happened.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool Movements_replayed_and_reordered_give_the_same_place_as_once_in_order(int[] raw, int seed)
    {
        var centers = new[] { School, Mosque, Guid.NewGuid() };
        var movements = (raw ?? []).Select((value, index) =>
        {
            var kind = (MovementKind)(Math.Abs(value % 4));
            return new Movement
            {
                Id = new Guid(index + 1, 0, 0, new byte[8]),
                Kind = kind,
                CenterId = kind is MovementKind.Arrival or MovementKind.Transfer ? centers[Math.Abs(value / 4 % 3)] : null,
                Destination = kind == MovementKind.Departure ? (Destination)Math.Abs(value / 12 % 4) : null,
                // Few distinct times, so ties are common.
                OccurredAt = Registered.AddMinutes(Math.Abs(value / 48 % 6)),
            };
        }).ToList();

        var random = new Random(seed);
        var delivered = movements.Concat(movements.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
        var kept = delivered.GroupBy(m => m.Id).Select(g => g.First()).Select((m, i) => new Movement
        {
            Id = m.Id, Kind = m.Kind, CenterId = m.CenterId, Destination = m.Destination, OccurredAt = m.OccurredAt,
            RecordedAt = Registered.AddDays(1).AddSeconds(i),
        }).ToList();

        return Journey.Current(School, Registered, kept) == Journey.Current(School, Registered, movements.OrderBy(m => m.OccurredAt).ToList());
    }
}
