using System.Net.Sockets;
using IdpTracker.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Messaging.Tests;

/// <summary>
/// Which failures mean "the database cannot be reached just now": a consumer waits those out for hours and the API
/// answers 503 with Retry-After; anything else is the message's or request's own failure.
/// </summary>
public sealed class TransientFailuresTests
{
    [Theory]
    [InlineData("08006", true)]  // connection failure
    [InlineData("57P01", true)]  // the server shutting down (pg_ctl stop, a failover)
    [InlineData("57P03", true)]  // the server starting
    [InlineData("53300", true)]  // too many connections
    [InlineData("40P01", false)] // a deadlock: the next quick try settles it
    [InlineData("40001", false)] // a serialization failure
    [InlineData("53100", false)] // the disk is full: no waiting fixes it
    [InlineData("23505", false)] // a unique violation: the message's own
    public void Only_errors_about_the_connection_count_as_unreachable(string sqlState, bool unreachable)
    {
        var error = new PostgresException("failed", "ERROR", "ERROR", sqlState);

        Assert.Equal(unreachable, TransientFailures.IsUnreachable(new DbUpdateException("saving failed", error)));
    }

    [Fact]
    public void A_lost_or_refused_connection_or_a_timeout_counts_as_unreachable_however_wrapped()
    {
        Assert.True(TransientFailures.IsUnreachable(new DbUpdateException("x", new NpgsqlException("Exception while reading from stream", new IOException("reset")))));
        Assert.True(TransientFailures.IsUnreachable(new InvalidOperationException("x", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(TransientFailures.IsUnreachable(new NpgsqlException("The operation has timed out", new TimeoutException())));
        Assert.False(TransientFailures.IsUnreachable(new InvalidOperationException("a bug")));
    }
}
