using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdpTracker.Messaging;

/// <summary>
/// Sends every point in time to PostgreSQL in UTC. Phones write local time ("2026-11-20T10:00:00+03:00" in Syria);
/// Npgsql refuses any offset but zero for a timestamptz, so a value taken in as sent would fail the write, the query
/// that filters on it, or the import that stores it. Converting here, at the one door to the database, keeps the
/// instant and covers every insert, update, query and raw SQL alike.
/// </summary>
public sealed class UtcTimestampInterceptor : DbCommandInterceptor
{
    public static readonly UtcTimestampInterceptor Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        base.ReaderExecuting(InUtc(command), eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        base.ReaderExecutingAsync(InUtc(command), eventData, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        base.NonQueryExecuting(InUtc(command), eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        base.NonQueryExecutingAsync(InUtc(command), eventData, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        base.ScalarExecuting(InUtc(command), eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        base.ScalarExecutingAsync(InUtc(command), eventData, result, cancellationToken);

    private static DbCommand InUtc(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            switch (parameter.Value)
            {
                case DateTimeOffset { Offset.Ticks: not 0 } value:
                    parameter.Value = value.ToUniversalTime();
                    break;
                case DateTimeOffset[] values when values.Any(v => v.Offset != TimeSpan.Zero):
                    parameter.Value = values.Select(v => v.ToUniversalTime()).ToArray();
                    break;
            }
        }
        return command;
    }
}
