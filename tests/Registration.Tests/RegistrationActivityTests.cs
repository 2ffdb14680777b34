using IdpTracker.Registration.Application;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Registration.Tests;

/// <summary>Duplicate matching gives way to registrations while households are being written (docs/domain.md, "Possible duplicates").</summary>
public class RegistrationActivityTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-01-20T06:00:00Z"));

    [Fact]
    public void A_service_that_has_written_nothing_is_quiet()
    {
        Assert.True(new RegistrationActivity(clock).IsQuiet);
    }

    [Fact]
    public void A_write_under_way_and_the_second_after_it_are_busy()
    {
        var activity = new RegistrationActivity(clock);
        var writing = activity.Begin();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(activity.IsQuiet);

        writing.Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(activity.IsQuiet);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(activity.IsQuiet);
    }

    [Fact]
    public void Two_writes_at_once_are_busy_until_both_end()
    {
        var activity = new RegistrationActivity(clock);
        var first = activity.Begin();
        var second = activity.Begin();
        first.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(activity.IsQuiet);
        second.Dispose();
        clock.Advance(RegistrationActivity.QuietAfter);
        Assert.True(activity.IsQuiet);
    }

    [Fact]
    public async Task Waiting_work_goes_on_once_the_writes_pause()
    {
        var activity = new RegistrationActivity(clock);
        var writing = activity.Begin();
        var wait = activity.WaitForQuietAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.False(wait.IsCompleted);

        writing.Dispose();
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(await wait);
    }

    [Fact]
    public async Task Waiting_work_goes_on_after_its_longest_wait_when_the_surge_does_not_ease()
    {
        var activity = new RegistrationActivity(clock);
        using var writing = activity.Begin();
        var wait = activity.WaitForQuietAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.False(wait.IsCompleted);
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.False(await wait);
    }

    [Fact]
    public async Task A_batch_beyond_the_ones_stored_at_once_waits_for_a_slot_and_counts_as_writing_meanwhile()
    {
        var activity = new RegistrationActivity(clock);
        var storing = new List<RegistrationActivity.Scope>();
        for (var i = 0; i < RegistrationActivity.BatchesAtOnce; i++) storing.Add(await activity.BeginBatchAsync(CancellationToken.None));

        var next = activity.BeginBatchAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        foreach (var batch in storing) batch.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(activity.IsQuiet);

        using (await next.WaitAsync(TimeSpan.FromSeconds(5))) Assert.False(activity.IsQuiet);
        clock.Advance(RegistrationActivity.QuietAfter);
        Assert.True(activity.IsQuiet);
    }

    [Fact]
    public async Task A_batch_given_up_while_waiting_for_a_slot_leaves_the_service_quiet()
    {
        var activity = new RegistrationActivity(clock);
        var storing = new List<RegistrationActivity.Scope>();
        for (var i = 0; i < RegistrationActivity.BatchesAtOnce; i++) storing.Add(await activity.BeginBatchAsync(CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var next = activity.BeginBatchAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        foreach (var batch in storing) batch.Dispose();
        clock.Advance(RegistrationActivity.QuietAfter);
        Assert.True(activity.IsQuiet);
        // The slot the cancelled batch never took is still free: four can be stored at once again.
        var again = new List<RegistrationActivity.Scope>();
        for (var i = 0; i < RegistrationActivity.BatchesAtOnce; i++) again.Add(await activity.BeginBatchAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        foreach (var batch in again) batch.Dispose();
    }

    /// <summary>Moves the clock in the waiter's polling steps, letting it run between them.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var step = TimeSpan.Zero; step < by; step += TimeSpan.FromMilliseconds(100))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }
    }
}
