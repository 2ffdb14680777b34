namespace IdpTracker.Registration.Application;

/// <summary>
/// Whether work of one kind is under way in this copy of the service right now, so that work which can wait gives way
/// to it: duplicate matching to registrations (<see cref="RegistrationActivity"/>), scoring old pairs again to matching
/// new households (<see cref="DuplicateMatching"/>).
/// </summary>
public abstract class WorkUnderWay(TimeProvider clock)
{
    /// <summary>How long after the last piece of work ended the service counts as quiet: between a phone's batches of one sync.</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest work that gives way (matching a household, scoring a pair again) waits for a surge to ease before it goes on anyway.</summary>
    public static readonly TimeSpan MostWait = TimeSpan.FromSeconds(30);

    private int underWay;
    private long lastEnded;

    /// <summary>Marks work under way until the returned scope is disposed.</summary>
    public Scope Begin()
    {
        MarkBegun();
        return Begun(null);
    }

    /// <summary>Marks work under way, even before it can start (waiting for a slot counts); <see cref="End"/> ends it, or the scope of <see cref="Begun"/>.</summary>
    protected void MarkBegun() => Interlocked.Increment(ref underWay);

    /// <summary>The scope that ends work marked under way, releasing <paramref name="slot"/> first.</summary>
    protected Scope Begun(SemaphoreSlim? slot) => new(this, slot);

    public bool IsQuiet => Volatile.Read(ref underWay) == 0
                           && clock.GetElapsedTime(Interlocked.Read(ref lastEnded)) >= QuietAfter;

    /// <summary>
    /// Waits until no such work has been under way for <see cref="QuietAfter"/>, or <paramref name="atMost"/> has passed:
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

    public readonly struct Scope(WorkUnderWay work, SemaphoreSlim? slot) : IDisposable
    {
        public void Dispose()
        {
            slot?.Release();
            work.End();
        }
    }

    protected void End()
    {
        Interlocked.Exchange(ref lastEnded, clock.GetTimestamp());
        Interlocked.Decrement(ref underWay);
    }
}
