using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.EntityFrameworkCore;

namespace Sqlmint.Benchmarks;

// Each class is one scenario; each method one implementation (the converter keys on these names), run on both
// databases through the Database parameter. All four share one open connection per case (EF Core and Sqlmint's
// Db.Using wrap it), so only the code between the caller and the driver differs.

/// <summary>Connection, Sqlmint session and EF Core context for one benchmark case.</summary>
public abstract class DatabaseBenchmark
{
    [Params(BenchEnvironment.Sqlite, BenchEnvironment.Postgres)]
    public string Database { get; set; } = BenchEnvironment.Sqlite;

    protected BenchEnvironment Env { get; private set; } = null!;
    protected DbConnection Connection { get; private set; } = null!;
    protected Session Session { get; private set; } = null!;
    protected BenchContext Ef { get; private set; } = null!;

    static DatabaseBenchmark() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Env = BenchEnvironment.Instance;
        Connection = Env.OpenConnection(Database);
        Session = Db.Using(Connection);
        Ef = new BenchContext(ContextOptions(Database, Connection));
        Setup();
    }

    protected virtual void Setup()
    {
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        Ef.Dispose();
        Session.Dispose();
        Connection.Dispose();
    }

    public static DbContextOptions<BenchContext> ContextOptions(string database, DbConnection connection)
    {
        var builder = new DbContextOptionsBuilder<BenchContext>();
        if (database == BenchEnvironment.Sqlite)
            builder.UseSqlite(connection);
        else
            builder.UseNpgsql(connection);
        return builder.Options;
    }

    public static DbContextOptions<BenchContext> ContextOptions(string database, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<BenchContext>();
        if (database == BenchEnvironment.Sqlite)
            builder.UseSqlite(connectionString);
        else
            builder.UseNpgsql(connectionString);
        return builder.Options;
    }
}

/// <summary>One Chinook track (9 columns) by primary key.</summary>
public class OneRow : DatabaseBenchmark
{
    int _trackId = 1234;

    [Benchmark(Baseline = true)]
    public Track Handwritten() => HandAdo.TrackById(Connection, _trackId);

    [Benchmark]
    public Track Sqlmint() => Session.TrackById(_trackId);

    /// <summary>PostgreSQL, interleaved run only: hand-written with <c>$1</c> and <c>Prepare()</c>, as Sqlmint does.</summary>
    public Track HandwrittenPrepared() => HandAdo.TrackByIdPositional(Connection, _trackId, prepare: true);

    [Benchmark]
    public Track Dapper() => Connection.QuerySingle<Track>(Sql.TrackById, new { trackId = _trackId });

    [Benchmark]
    public Track EfCore() => Ef.Tracks.AsNoTracking().Single(t => t.TrackId == _trackId);
}

/// <summary>500 tracks into a list.</summary>
public class List500 : DatabaseBenchmark
{
    [Benchmark(Baseline = true)]
    public List<Track> Handwritten() => HandAdo.Tracks500(Connection);

    [Benchmark]
    public List<Track> Sqlmint() => Session.Tracks500();

    [Benchmark]
    public List<Track> Dapper() => Connection.Query<Track>(Sql.Tracks500).AsList();

    [Benchmark]
    public List<Track> EfCore() => Ef.Tracks.AsNoTracking().OrderBy(t => t.TrackId).Take(500).ToList();
}

/// <summary>A scalar: <c>select count(*) from track</c>.</summary>
public class Count : DatabaseBenchmark
{
    [Benchmark(Baseline = true)]
    public long Handwritten() => HandAdo.CountTracks(Connection);

    [Benchmark]
    public long Sqlmint() => Session.CountTracks();

    /// <summary>PostgreSQL, interleaved run only: hand-written with <c>Prepare()</c>, as Sqlmint does.</summary>
    public long HandwrittenPrepared() => HandAdo.Count(Connection, Sql.CountTracks, prepare: true);

    [Benchmark]
    public long Dapper() => Connection.ExecuteScalar<long>(Sql.CountTracks);

    [Benchmark]
    public long EfCore() => Ef.Tracks.LongCount();
}

/// <summary>10,000 rows streamed through <see cref="IAsyncEnumerable{T}"/>, summing a column so every row is read.</summary>
public class Stream10k : DatabaseBenchmark
{
    [Benchmark(Baseline = true)]
    public Task<long> Handwritten() => Sum(HandAdo.StreamRows(Connection));

    [Benchmark]
    public Task<long> Sqlmint() => Sum(Session.StreamRows());

    [Benchmark]
    public Task<long> Dapper() => Sum(Connection.QueryUnbufferedAsync<BenchRow>(Sql.StreamRows));

    [Benchmark]
    public Task<long> EfCore() => Sum(Ef.BenchRows.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable());

    static async Task<long> Sum(IAsyncEnumerable<BenchRow> rows)
    {
        long sum = 0;
        await foreach (var row in rows.ConfigureAwait(false))
            sum += row.Milliseconds;
        if (sum == 0)
            throw new InvalidOperationException("no rows");
        return sum;
    }
}

/// <summary>
/// Writes go to <c>bench_insert</c>, keyed by a counter, and are committed: each case starts from an empty table
/// (emptied in its global setup), so the insert is measured as it really is, index upkeep and commit included.
/// </summary>
public abstract class WriteBenchmark : DatabaseBenchmark
{
    protected long NextId;

    protected override void Setup()
    {
        Env.ResetInsertTable(Database);
        NextId = 0;
    }
}

/// <summary>One insert with five parameters, auto-committed.</summary>
public class InsertOne : WriteBenchmark
{
    [Benchmark(Baseline = true)]
    public int Handwritten() => HandAdo.InsertOne(Connection, ++NextId, "bench", 1, 215_000, 0.99m);

    [Benchmark]
    public int Sqlmint() => Session.InsertOne(++NextId, "bench", 1, 215_000, 0.99m);

    /// <summary>PostgreSQL, interleaved run only: hand-written with <c>$1..$5</c> and <c>Prepare()</c>, as Sqlmint does.</summary>
    public int HandwrittenPrepared() => HandAdo.InsertOnePositional(Connection, ++NextId, "bench", 1, 215_000, 0.99m, prepare: true);

    [Benchmark]
    public int Dapper() => Connection.Execute(Sql.InsertOne,
        new { id = ++NextId, name = "bench", albumId = (int?)1, milliseconds = 215_000, unitPrice = 0.99m });

    [Benchmark]
    public int EfCore()
    {
        Ef.BenchInserts.Add(new BenchInsert { Id = ++NextId, Name = "bench", AlbumId = 1, Milliseconds = 215_000, UnitPrice = 0.99m });
        var n = Ef.SaveChanges();
        Ef.ChangeTracker.Clear();
        return n;
    }
}

/// <summary>1,000 inserts in one transaction (execute-many). The rows are made once; each call gives them new keys.</summary>
public class InsertMany : WriteBenchmark
{
    public const int Rows = 1000;

    protected List<BenchRow> Items = null!;
    List<BenchInsert> _entities = null!;

    protected override void Setup()
    {
        base.Setup();
        Items = Enumerable.Range(0, Rows).Select(i => new BenchRow
        {
            Name = "bench " + i,
            AlbumId = i % 7 == 0 ? null : i % 347 + 1,
            Milliseconds = 200_000 + i,
            UnitPrice = 0.99m,
        }).ToList();
        _entities = Items.Select(r => new BenchInsert { Name = r.Name, AlbumId = r.AlbumId, Milliseconds = r.Milliseconds, UnitPrice = r.UnitPrice }).ToList();
    }

    protected List<BenchRow> NextItems()
    {
        foreach (var item in Items)
            item.Id = ++NextId;
        return Items;
    }

    /// <summary>One prepared command executed per row (on PostgreSQL one round trip each; the DbBatch floor is <see cref="PostgresOnly.HandwrittenBatch"/>).</summary>
    [Benchmark(Baseline = true)]
    public int Handwritten() => HandAdo.InsertManyPrepared(Connection, NextItems());

    [Benchmark]
    public int Sqlmint() => Session.InsertMany(NextItems());

    [Benchmark]
    public int Dapper()
    {
        using var transaction = Connection.BeginTransaction();
        var n = Connection.Execute(Sql.InsertItem, NextItems(), transaction);
        transaction.Commit();
        return n;
    }

    [Benchmark]
    public int EfCore()
    {
        foreach (var entity in _entities)
            entity.Id = ++NextId;
        Ef.BenchInserts.AddRange(_entities);
        var n = Ef.SaveChanges();
        Ef.ChangeTracker.Clear();
        return n;
    }
}

/// <summary>
/// PostgreSQL-only floors. <see cref="HandwrittenBatch"/> is the fair floor for execute-many: hand-written
/// <see cref="DbBatch"/>, what Sqlmint emits when the driver can batch (SQLite's driver has no DbBatch). The
/// <c>*Positional</c> methods are hand-written code that, like Sqlmint on Npgsql, sends <c>$1..$n</c> SQL with unnamed
/// parameters, so Npgsql skips parsing the SQL: they show how much of Sqlmint's margin over the named-parameter
/// hand-written code is that rewrite. The <c>*Prepared</c> methods also call <c>Prepare()</c>, as Sqlmint does on
/// Npgsql: they are the best a hand-written command can do, and show that the rest of the margin is preparation.
/// </summary>
public class PostgresOnly : WriteBenchmark
{
    List<BenchRow> _items = null!;
    int _trackId = 1234;

    [Params(BenchEnvironment.Postgres)]
    public new string Database
    {
        get => base.Database;
        set => base.Database = value;
    }

    protected override void Setup()
    {
        base.Setup();
        _items = Enumerable.Range(0, InsertMany.Rows).Select(i => new BenchRow
        {
            Name = "bench " + i,
            AlbumId = i % 7 == 0 ? null : i % 347 + 1,
            Milliseconds = 200_000 + i,
            UnitPrice = 0.99m,
        }).ToList();
    }

    List<BenchRow> NextItems()
    {
        foreach (var item in _items)
            item.Id = ++NextId;
        return _items;
    }

    [Benchmark]
    public int HandwrittenBatch() => HandAdo.InsertManyBatch(Connection, NextItems(), positional: false);

    [Benchmark]
    public int HandwrittenBatchPositional() => HandAdo.InsertManyBatch(Connection, NextItems(), positional: true);

    [Benchmark]
    public Track OneRowPositional() => HandAdo.TrackByIdPositional(Connection, _trackId);

    [Benchmark]
    public int InsertOnePositional() => HandAdo.InsertOnePositional(Connection, ++NextId, "bench", 1, 215_000, 0.99m);

    [Benchmark]
    public int HandwrittenBatchPrepared() => HandAdo.InsertManyBatch(Connection, NextItems(), positional: true, prepare: true);

    [Benchmark]
    public Track OneRowPrepared() => HandAdo.TrackByIdPositional(Connection, _trackId, prepare: true);

    [Benchmark]
    public int InsertOnePrepared() => HandAdo.InsertOnePositional(Connection, ++NextId, "bench", 1, 215_000, 0.99m, prepare: true);

    [Benchmark]
    public long CountPrepared() => HandAdo.Count(Connection, Sql.CountTracks, prepare: true);
}

/// <summary>
/// Connecting: get a pooled connection, run a scalar query, give the connection back. Sqlmint goes through
/// <c>Db.Connect(dsn)</c>; the others open the driver connection by hand (EF Core: a new context over a connection string).
/// </summary>
public class Connect : DatabaseBenchmark
{
    string _dsn = "";
    string _connectionString = "";
    DbContextOptions<BenchContext> _options = null!;

    protected override void Setup()
    {
        _dsn = Env.Dsn(Database);
        _connectionString = Env.ConnectionString(Database);
        _options = ContextOptions(Database, _connectionString);
    }

    [Benchmark(Baseline = true)]
    public long Handwritten()
    {
        using var connection = Env.NewConnection(Database);
        connection.Open();
        return HandAdo.Count(connection, Sql.CountMediaTypes);
    }

    [Benchmark]
    public long Sqlmint()
    {
        using var session = Db.Connect(_dsn);
        return session.CountMediaTypes();
    }

    [Benchmark]
    public long Dapper()
    {
        using var connection = Env.NewConnection(Database);
        connection.Open();
        return connection.ExecuteScalar<long>(Sql.CountMediaTypes);
    }

    [Benchmark]
    public long EfCore()
    {
        using var context = new BenchContext(_options);
        return context.MediaTypes.LongCount();
    }
}
