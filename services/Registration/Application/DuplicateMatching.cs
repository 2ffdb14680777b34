namespace IdpTracker.Registration.Application;

/// <summary>
/// Whether households are being matched for possible duplicates in this copy right now. Scoring old pairs again as the
/// register grows gives way to matching the households just registered: both run the heaviest query the service has,
/// and on two cores three of them at once left PostgreSQL little for the coordinators' figures (docs/benchmarks/README.md item 22).
/// </summary>
public sealed class DuplicateMatching(TimeProvider clock) : WorkUnderWay(clock);
