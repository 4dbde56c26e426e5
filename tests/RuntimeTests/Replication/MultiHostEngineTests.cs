using Npgsql;

namespace Sqlmint.RuntimeTests.Replication;

/// <summary><see cref="Db.Connect(string)"/> with a multi-host DSN: one engine, one data source, one pool per DSN string.</summary>
[Collection(ReplicationCollection.Name)]
public sealed class MultiHostEngineTests : ReplicationTestBase
{
    [Fact]
    public async Task DbConnect_ReusesOneMultiHostDataSourcePerDsn()
    {
        var dsn = Dsn("read-write");

        var engine = Db.GetEngine(dsn);
        var dataSource = Assert.IsType<NpgsqlMultiHostDataSource>(engine.DataSource);

        int firstBackend;
        using (var first = Db.Connect(dsn))
        {
            Assert.Same(engine, first.Engine);
            firstBackend = await ScalarAsync<int>(first, "select pg_backend_pid()");
        }
        await using (var second = await Db.ConnectAsync(dsn))
        {
            Assert.Same(engine, second.Engine);
            // The pool is shared: the second session gets the first one's physical connection back.
            Assert.Equal(firstBackend, await ScalarAsync<int>(second, "select pg_backend_pid()"));
        }

        var engines = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Db.GetEngine(dsn))));
        Assert.All(engines, e => Assert.Same(engine, e));
        Assert.Same(dataSource, Db.GetEngine(dsn).DataSource);
    }

    [Fact]
    public async Task ConcurrentSessions_ShareThePool()
    {
        var dsn = Dsn("prefer-standby");
        var sessions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Db.ConnectAsync(dsn).AsTask()));
        var backends = new HashSet<int>();
        foreach (var session in sessions)
        {
            Assert.Same(Db.GetEngine(dsn), session.Engine);
            Assert.Equal(Pair.StandbyAddress, session.Host);
            backends.Add(await ScalarAsync<int>(session, "select pg_backend_pid()"));
            await session.DisposeAsync();
        }
        Assert.Equal(5, backends.Count);

        // All five physical connections went back to the one pool and are reused.
        var reused = new HashSet<int>();
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Db.ConnectAsync(dsn).AsTask()));
        foreach (var session in again)
        {
            reused.Add(await ScalarAsync<int>(session, "select pg_backend_pid()"));
            await session.DisposeAsync();
        }
        Assert.Subset(backends, reused);
    }

    [Fact]
    public void DifferentDsnStrings_GetDifferentEngines()
    {
        // A writer DSN and a reader DSN are two engines with two pools, even over the same hosts.
        var writer = Db.GetEngine(Dsn("read-write"));
        var reader = Db.GetEngine(Dsn("prefer-standby"));

        Assert.NotSame(writer, reader);
        Assert.NotSame(writer.DataSource, reader.DataSource);
    }
}
