using System;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Sqlmint.Internal;

/// <summary>
/// Checks a pooled network connection before a session gets it, when it has sat idle long enough to have gone
/// stale. Drivers' pools (Npgsql's among them) hand out idle connections unchecked, so after a server restart, a
/// failover or a dropped link the first command of the next session fails on a connection that was dead before it
/// was taken. Checking every checkout would cost a round trip per connect; like HikariCP's alive-bypass window,
/// only a connection idle longer than <see cref="Engine.CheckIdleConnectionsAfter"/> is checked, so a busy service
/// pays nothing and a quiet one pays one round trip per connect after a pause. A connection killed within that
/// window of its last use (pg_terminate_backend right after a query) still reaches a session, whose first command
/// then fails with the driver's error; the window is kept shorter than a server restart takes.
/// </summary>
/// <remarks>
/// Connections are told apart by the server's process id (the driver says how to read it without a round trip).
/// The time a session gave one back is kept per id; a connection never seen before is fresh from the driver's
/// handshake and needs no check. A failed check discards the connection and takes the next one, so every stale
/// connection in the pool is weeded out before a session sees it.
/// </remarks>
internal sealed class IdleConnectionCheck
{
    // Enough to get past every stale connection of a default-sized pool (Npgsql clears its pool after the first
    // broken one anyway); beyond that the server is down and the error should surface.
    private const int MaxDiscards = 100;

    // Pids are reused and connections churn, so forget everything now and then rather than grow without end.
    // Forgetting only means a few idle connections go unchecked once.
    private const int MaxRemembered = 4096;

    private readonly Func<DbConnection, int> _serverProcessId;
    private readonly ConcurrentDictionary<int, long> _returnedAt = new();
    private long _thresholdTicks;

    internal IdleConnectionCheck(Func<DbConnection, int> serverProcessId)
    {
        _serverProcessId = serverProcessId;
        After = DefaultAfter;
    }

    private static readonly TimeSpan DefaultAfter = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a pooled connection may sit idle before it is checked; <see cref="Timeout.InfiniteTimeSpan"/> turns checks off.</summary>
    internal TimeSpan After
    {
        get => Volatile.Read(ref _thresholdTicks) is var ticks && ticks == long.MaxValue
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
        set
        {
            Validate(value);
            Volatile.Write(ref _thresholdTicks, value == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)(value.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>Throws for an idle time that is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    internal static void Validate(TimeSpan value)
    {
        if (value != Timeout.InfiniteTimeSpan && value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The idle time must be zero or more, or Timeout.InfiniteTimeSpan to turn the check off.");
        }
    }

    /// <summary>Notes when a session gave an open connection back to the pool.</summary>
    internal void Returned(DbConnection connection)
    {
        if (connection.State != ConnectionState.Open)
        {
            return; // broken or closed: the driver will not pool it
        }

        if (_returnedAt.Count >= MaxRemembered)
        {
            _returnedAt.Clear();
        }

        int serverProcessId;
        try
        {
            serverProcessId = _serverProcessId(connection);
        }
        catch (InvalidOperationException)
        {
            return; // broke since: nothing to remember, and the session's dispose must go on
        }

        _returnedAt[serverProcessId] = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Opens connections from <paramref name="dataSource"/> until one is known to be live: fresh, recently used,
    /// or answering a round trip. A connection that fails its check is disposed, never handed out.
    /// </summary>
    internal async ValueTask<DbConnection> OpenLiveAsync(DbDataSource dataSource, bool async, CancellationToken cancellationToken)
    {
        for (int discarded = 0; ; discarded++)
        {
            DbConnection connection = async
                ? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false)
                : dataSource.OpenConnection();
            if (!NeedsCheck(connection))
            {
                return connection;
            }

            try
            {
                using DbCommand ping = connection.CreateCommand();
                ping.CommandText = "select 1";
                if (async)
                {
                    await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    ping.ExecuteScalar();
                }

                return connection;
            }
            catch (DbException) when (discarded < MaxDiscards)
            {
                // Stale: the driver marks it broken, so disposing it drops it instead of pooling it. Try the next.
                await DisposeAsync(connection, async).ConfigureAwait(false);
            }
            catch
            {
                await DisposeAsync(connection, async).ConfigureAwait(false);
                throw;
            }
        }
    }

    private bool NeedsCheck(DbConnection connection)
    {
        long threshold = Volatile.Read(ref _thresholdTicks);
        return threshold != long.MaxValue
            && _returnedAt.TryGetValue(_serverProcessId(connection), out long returnedAt)
            && Stopwatch.GetTimestamp() - returnedAt >= threshold;
    }

    private static async ValueTask DisposeAsync(DbConnection connection, bool async)
    {
        if (async)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            connection.Dispose();
        }
    }
}
