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
        Interlocked.Increment(ref underWay);
        return new Scope(this, null);
    }

    /// <summary>Marks work under way before it can start (waiting for a slot counts); <see cref="End"/> or the scope ends it.</summary>
    protected Scope Begun(SemaphoreSlim? slot) => new(this, slot);

    protected void MarkBegun() => Interlocked.Increment(ref underWay);

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

/// <summary>
/// Whether households are being written in this copy of the service right now, so that work which can wait gives the
/// machine to registrations during a surge. Duplicate matching is the heaviest query the service runs; while phones
/// sync hundreds of households a second it would take a core that registering them and keeping the coordinators'
/// figures current need (docs/domain.md, "Possible duplicates").
/// </summary>
public sealed class RegistrationActivity(TimeProvider clock) : WorkUnderWay(clock)
{
    /// <summary>
    /// Batches of households (a sync's, an import's) stored at once in this copy. On two cores PostgreSQL takes no more
    /// households a second from sixteen writers than from eight, while every batch under way holds its households, their
    /// rows, statements and parameters in memory: sixteen phones' batches at once took Registration past 650 MiB.
    /// </summary>
    public const int BatchesAtOnce = 4;

    private readonly SemaphoreSlim batchSlots = new(BatchesAtOnce);

    /// <summary>Waits for one of the <see cref="BatchesAtOnce"/> slots, then marks a batch's write under way until disposed.</summary>
    public async Task<Scope> BeginBatchAsync(CancellationToken cancellationToken)
    {
        // Waiting for a slot already counts as writing: the work that gives way to registrations does so for the queue too.
        MarkBegun();
        try
        {
            await batchSlots.WaitAsync(cancellationToken);
        }
        catch
        {
            End();
            throw;
        }
        return Begun(batchSlots);
    }
}

/// <summary>
/// Whether households are being matched for possible duplicates in this copy right now. Scoring old pairs again as the
/// register grows gives way to matching the households just registered: both run the heaviest query the service has,
/// and on two cores three of them at once left PostgreSQL little for the coordinators' figures (docs/benchmarks/README.md item 22).
/// </summary>
public sealed class DuplicateMatching(TimeProvider clock) : WorkUnderWay(clock);
