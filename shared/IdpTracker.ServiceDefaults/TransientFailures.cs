using System.Net.Sockets;
using Npgsql;

namespace IdpTracker.ServiceDefaults;

/// <summary>
/// Failures that say nothing about the request or message itself, only that a server could not be reached just now
/// (restarting, failing over, the network cut): the same work succeeds later, unchanged.
/// </summary>
public static class TransientFailures
{
    /// <summary>A connection that could not be opened or was lost, anywhere in the chain (EF wraps Npgsql's).</summary>
    /// <remarks>
    /// Of the errors PostgreSQL itself reports, only those about the connection count (class 08, the server shutting
    /// down or starting, too many connections): a deadlock or a full disk is not a server that will answer shortly.
    /// </remarks>
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres) return IsAboutTheConnection(postgres.SqlState);
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException) return true;
        }
        return false;
    }

    private static bool IsAboutTheConnection(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
