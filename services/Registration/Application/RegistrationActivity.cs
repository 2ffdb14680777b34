namespace IdpTracker.Registration.Application;

/// <summary>
/// Whether households are being written in this copy of the service right now, so that work which can wait gives the
/// machine to registrations during a surge. Duplicate matching is the heaviest query the service runs; while phones
/// sync hundreds of households a second it would take a core that registering them and keeping the coordinators'
/// figures current need (docs/domain.md, "Possible duplicates").
/// </summary>
public sealed class RegistrationActivity(TimeProvider clock)
{
    /// <summary>How long after the last write the service counts as quiet: between a phone's batches of one sync.</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private int writing;
    private long lastEnded;

    /// <summary>Marks a write under way until the returned scope is disposed.</summary>
    public Writing Begin()
    {
        Interlocked.Increment(ref writing);
        return new Writing(this);
    }

    public bool IsQuiet => Volatile.Read(ref writing) == 0
                           && clock.GetElapsedTime(Interlocked.Read(ref lastEnded)) >= QuietAfter;

    /// <summary>
    /// Waits until no household has been written for <see cref="QuietAfter"/>, or <paramref name="atMost"/> has passed:
    /// waiting work still moves during a surge that does not end, only slowly. True when it found the service quiet.
    /// </summary>
    public async Task<bool> WaitForQuietAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        while (!IsQuiet)
        {
            if (clock.GetElapsedTime(started) >= atMost) return false;
            await Task.Delay(Poll, clock, cancellationToken);
        }
        return true;
    }

    public readonly struct Writing(RegistrationActivity activity) : IDisposable
    {
        public void Dispose() => activity.End();
    }

    private void End()
    {
        Interlocked.Exchange(ref lastEnded, clock.GetTimestamp());
        Interlocked.Decrement(ref writing);
    }
}
