using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Messaging;

public static class DbUpdateExceptionExtensions
{
    /// <summary>
    /// The row was already there: a resend racing the first copy, or another instance doing the same work. Callers
    /// read what won and answer with it.
    /// </summary>
    public static bool IsUniqueViolation(this Exception ex) =>
        ex is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } };
}
