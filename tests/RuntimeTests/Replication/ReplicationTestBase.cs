using System.Data.Common;
using Sqlmint.Testing;

namespace Sqlmint.RuntimeTests.Replication;

/// <summary>
/// Helpers for tests against <see cref="ReplicationPair.Shared"/>. Every DSN a test builds carries an
/// <c>application_name</c> unique to the test, so each test gets engines (pools, and Npgsql's cached host states)
/// of its own; they are disposed when the test ends.
/// </summary>
public abstract class ReplicationTestBase : IAsyncLifetime
{
    static int s_counter;
    readonly List<string> _dsns = new();
    readonly string _prefix;

    protected ReplicationTestBase()
    {
        _prefix = $"{GetType().Name.ToLowerInvariant()}_{Interlocked.Increment(ref s_counter)}";
    }

    protected ReplicationPair Pair { get; } = ReplicationPair.Shared;

    /// <summary>
    /// <c>postgresql://postgres@127.0.0.1:PRIMARY,127.0.0.1:STANDBY/postgres?target_session_attrs=…&amp;…</c>
    /// (standby listed first with <paramref name="standbyFirst"/>), with this test's application_name.
    /// </summary>
    protected string Dsn(string? targetSessionAttrs, string? query = null, bool standbyFirst = false)
    {
        var name = $"application_name={_prefix}_{_dsns.Count}";
        var dsn = Pair.Dsn(targetSessionAttrs, string.IsNullOrEmpty(query) ? name : query + "&" + name, standbyFirst);
        _dsns.Add(dsn);
        return dsn;
    }

    protected static async Task<T> ScalarAsync<T>(Session session, string sql)
    {
        await using DbCommand command = session.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = session.Transaction;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    protected static Task<bool> InRecoveryAsync(Session session) => ScalarAsync<bool>(session, "select pg_is_in_recovery()");

    /// <summary>The port the server behind the session listens on, as the server itself reports it.</summary>
    protected static async Task<int> ServerPortAsync(Session session) =>
        int.Parse(await ScalarAsync<string>(session, "select current_setting('port')"), System.Globalization.CultureInfo.InvariantCulture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dsn in _dsns.Distinct())
            await Db.GetEngine(dsn).DisposeAsync();
    }
}
