namespace IdpTracker.Registration.Application;

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
