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
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException) return true;
        }
        return false;
    }
}
