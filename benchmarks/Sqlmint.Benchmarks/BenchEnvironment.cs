using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Testing;

namespace Sqlmint.Benchmarks;

/// <summary>
/// The two databases every benchmark runs against, made once per process: a private copy of the SQLite Chinook
/// (snake_case names, so the same SQL runs on both) and a copy of Chinook on a private PostgreSQL 15 cluster
/// (<see cref="PostgresServer.Shared"/>, stopped at process exit). Both get two bench tables: <c>bench_row</c>
/// (10,000 rows, for streaming) and <c>bench_insert</c> (the write target).
/// </summary>
public sealed class BenchEnvironment
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";
    public const int StreamRowCount = 10_000;

    static readonly Lazy<BenchEnvironment> s_instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    BenchEnvironment(string sqliteConnectionString, string sqliteDsn, string postgresConnectionString, string postgresDsn)
    {
        SqliteConnectionString = sqliteConnectionString;
        SqliteDsn = sqliteDsn;
        PostgresConnectionString = postgresConnectionString;
        PostgresDsn = postgresDsn;
    }

    public static BenchEnvironment Instance => s_instance.Value;

    public static bool IsCreated => s_instance.IsValueCreated;

    /// <summary>Pooled (the driver default), shared cache off.</summary>
    public string SqliteConnectionString { get; }

    public string SqliteDsn { get; }

    public string PostgresConnectionString { get; }

    public string PostgresDsn { get; }

    public string ConnectionString(string database) => database == Sqlite ? SqliteConnectionString : PostgresConnectionString;

    public string Dsn(string database) => database == Sqlite ? SqliteDsn : PostgresDsn;

    public DbConnection NewConnection(string database) =>
        database == Sqlite ? new SqliteConnection(SqliteConnectionString) : new NpgsqlConnection(PostgresConnectionString);

    /// <summary>An open connection set up as every write benchmark expects (SQLite: WAL, synchronous=NORMAL).</summary>
    public DbConnection OpenConnection(string database)
    {
        var connection = NewConnection(database);
        connection.Open();
        if (database == Sqlite)
            Run(connection, "pragma synchronous = normal");
        return connection;
    }

    static BenchEnvironment Create()
    {
        var sqlitePath = ChinookLoader.CopyOfSqliteChinookSnakeCase();
        var sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = sqlitePath }.ToString();
        using (var connection = new SqliteConnection(sqliteConnectionString))
        {
            connection.Open();
            // WAL is the mode a server-side app uses; it persists in the file, so every connection gets it.
            Run(connection, "pragma journal_mode = wal");
            CreateBenchTables(connection, "integer", "text");
        }

        var postgresConnectionString = ChinookLoader.CopyOfPostgresChinookAsync("sqlmint_bench").GetAwaiter().GetResult();
        using (var connection = new NpgsqlConnection(postgresConnectionString))
        {
            connection.Open();
            CreateBenchTables(connection, "bigint", "varchar(200)");
            Run(connection, "vacuum analyze");
        }

        var pg = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        var postgresDsn = $"postgresql://{Uri.EscapeDataString(pg.Username ?? "postgres")}@{pg.Host}:{pg.Port}/{pg.Database}";
        return new BenchEnvironment(sqliteConnectionString, "sqlite:///" + sqlitePath, postgresConnectionString, postgresDsn);
    }

    static void CreateBenchTables(DbConnection connection, string idType, string textType)
    {
        Run(connection, $"create table bench_row (id {idType} not null primary key, name {textType} not null, album_id int, milliseconds int not null, unit_price numeric(10,2) not null)");
        Run(connection, $"create table bench_insert (id {idType} not null primary key, name {textType} not null, album_id int, milliseconds int not null, unit_price numeric(10,2) not null)");
        // 10,000 rows: the Chinook tracks repeated (3,503 x 3), numbered 1..10,000.
        using var transaction = connection.BeginTransaction();
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "select name, album_id, milliseconds, unit_price from track order by track_id";
        var tracks = new List<(string Name, int? AlbumId, int Milliseconds, decimal UnitPrice)>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
                tracks.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2), reader.GetDecimal(3)));
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = Sql.InsertItem.Replace("bench_insert", "bench_row");
        var id = Add(insert, "@Id");
        var name = Add(insert, "@Name");
        var album = Add(insert, "@AlbumId");
        var ms = Add(insert, "@Milliseconds");
        var price = Add(insert, "@UnitPrice");
        for (var i = 0; i < StreamRowCount; i++)
        {
            var t = tracks[i % tracks.Count];
            id.Value = (long)(i + 1);
            name.Value = t.Name;
            album.Value = (object?)t.AlbumId ?? DBNull.Value;
            ms.Value = t.Milliseconds;
            price.Value = t.UnitPrice;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();

        static DbParameter Add(DbCommand command, string name)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }
    }

    public static void Run(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Empties the write target, so every benchmark case starts from the same table.</summary>
    public void ResetInsertTable(string database)
    {
        using var connection = NewConnection(database);
        connection.Open();
        Run(connection, database == Sqlite ? "delete from bench_insert" : "truncate bench_insert");
        if (database == Sqlite)
            Run(connection, "pragma wal_checkpoint(truncate)");
        else
            Run(connection, "vacuum analyze bench_insert");
    }

    /// <summary>Stops the private PostgreSQL cluster (it would also stop at process exit).</summary>
    public static void Shutdown()
    {
        if (!IsCreated)
            return;
        NpgsqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
        PostgresServer.Shared.Dispose();
    }
}
