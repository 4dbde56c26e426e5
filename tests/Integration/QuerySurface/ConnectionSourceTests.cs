using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class ConnectionSourceTestsOnSqlite() : ConnectionSourceTests(Dbms.Sqlite);

public sealed class ConnectionSourceTestsOnPostgres() : ConnectionSourceTests(Dbms.Postgres);

/// <summary>Session (and its transactions), DbConnection subclasses, DbTransaction, DbDataSource and repositories.</summary>
public abstract class ConnectionSourceTests(Dbms dbms) : SurfaceTest(dbms)
{
    [Fact]
    public void A_session_transaction_disposed_without_commit_leaves_no_row()
    {
        using Session db = Connect();
        using (db.Begin())
        {
            Assert.Equal(1, db.AddArtist(1001, "Uncommitted"));
            Assert.Equal(1, db.ArtistCount(1001)); // the query joins the transaction and sees the row
            Assert.Equal(0, Count("select count(*) from artist where artist_id = 1001")); // nobody else does
        }

        Assert.Equal(0, db.ArtistCount(1001));
        Assert.Equal(0, Count("select count(*) from artist where artist_id = 1001"));
    }

    [Fact]
    public void A_committed_session_transaction_keeps_the_row()
    {
        using Session db = Connect();
        using (SessionTransaction tx = db.Begin())
        {
            db.AddArtist(1001, "Committed");
            tx.Commit();
        }

        Assert.Equal(1, Count("select count(*) from artist where artist_id = 1001"));
    }

    [Fact]
    public void A_rolled_back_nested_transaction_removes_only_its_own_work()
    {
        using Session db = Connect();
        using (SessionTransaction outer = db.Begin())
        {
            db.AddArtist(1001, "Outer");
            using (db.BeginNested())
            {
                db.AddArtist(1002, "Inner");
                Assert.Equal(1, db.ArtistCount(1002));
            }

            Assert.Equal(0, db.ArtistCount(1002));
            using (SessionTransaction kept = db.BeginNested())
            {
                db.AddArtist(1003, "Inner, kept");
                kept.Commit();
            }

            Assert.Equal(1, db.ArtistCount(1001));
            outer.Commit();
        }

        Assert.Equal(1, Count("select count(*) from artist where artist_id = 1001"));
        Assert.Equal(0, Count("select count(*) from artist where artist_id = 1002"));
        Assert.Equal(1, Count("select count(*) from artist where artist_id = 1003"));
    }

    [Fact]
    public void A_session_using_a_borrowed_connection_joins_its_transaction_too()
    {
        using (Session db = Db.Using(Connection))
        using (db.Begin())
        {
            db.AddArtist(1001, "Borrowed");
            Assert.Equal(1, db.ArtistCount(1001));
        }

        Assert.Equal(ConnectionState.Open, Connection.State);
        Assert.Equal(0, Connection.ArtistCount(1001));
    }

    [Fact]
    public void A_driver_connection_subclass_is_a_source()
    {
        string? name = Connection switch
        {
            SqliteConnection sqlite => sqlite.ArtistName(1),
            NpgsqlConnection npgsql => npgsql.ArtistName(1),
            _ => throw new NotSupportedException(),
        };
        Assert.Equal("AC/DC", name);

        using DbConnection closed = Database.NewConnection();
        string? again = closed switch
        {
            SqliteConnection sqlite => sqlite.ArtistName(2),
            NpgsqlConnection npgsql => npgsql.ArtistName(2),
            _ => throw new NotSupportedException(),
        };
        Assert.Equal("Accept", again);
        Assert.Equal(ConnectionState.Closed, closed.State);
    }

    [Fact]
    public async Task A_db_transaction_is_joined_and_its_connection_used()
    {
        using (DbTransaction tx = Connection.BeginTransaction())
        {
            Assert.Equal(1, tx.AddArtist(1001, "In tx"));
            Assert.Equal(1, tx.ArtistCount(1001));
            Assert.Equal(1, await tx.ArtistCountAsync(1001));
            Assert.Equal(0, Count("select count(*) from artist where artist_id = 1001"));
            tx.Rollback();
        }

        Assert.Equal(0, Connection.ArtistCount(1001));

        using (DbTransaction tx = Connection.BeginTransaction())
        {
            tx.AddArtist(1002, "Committed tx");
            tx.Commit();
        }

        Assert.Equal(1, Count("select count(*) from artist where artist_id = 1002"));
    }

    [Fact]
    public void A_finished_db_transaction_is_a_clear_error()
    {
        DbTransaction tx = Connection.BeginTransaction();
        tx.Commit();

        var error = Assert.Throws<InvalidOperationException>(() => tx.ArtistCount(1));
        // SQLite's finished transaction has no Connection, so Sqlmint reports it; Npgsql's keeps its Connection,
        // and the driver refuses the command.
        Assert.Contains(IsPostgres ? "Transaction is already completed" : "already been committed or rolled back", error.Message, StringComparison.Ordinal);
        tx.Dispose();
    }

    [Fact]
    public async Task A_data_source_lends_a_connection_per_call_and_gets_it_back()
    {
        using var source = new TrackingDataSource(Database.NewConnection, Database.ConnectionString);

        Assert.Equal(347, SourcesSql.AlbumCount(source));
        Assert.Equal(2, (await SourcesSql.AlbumsByArtistAsync(source, 1)).Count);
        Assert.Equal(3503, await SourcesSql.StreamTracks(source).CountAsync());
        await foreach (STrack track in SourcesSql.StreamTracks(source))
            break;

        Assert.Equal(4, source.Created);
        Assert.Equal(0, source.StillOpen);
    }

    [Fact]
    public async Task The_engines_pool_is_a_data_source_and_gets_its_connections_back()
    {
        DbDataSource pool = Db.GetEngine(Dsn).DataSource;

        for (int i = 0; i < 50; i++)
            Assert.Equal(347, SourcesSql.AlbumCount(pool));
        Assert.Equal(2, (await SourcesSql.AlbumsByArtistAsync(pool, 1)).Count);

        if (IsPostgres)
        {
            // Given back to the pool: one physical connection served all 51 calls (plus the test's own connection).
            Assert.Equal(2, Count("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"));
        }
    }

    [Fact]
    public async Task A_repository_with_a_data_source_property()
    {
        using var source = new TrackingDataSource(Database.NewConnection, Database.ConnectionString);
        var albums = new AlbumRepository(source);

        Assert.Equal("Let There Be Rock", albums.Find(4)?.Title);
        Assert.Null(albums.Find(-4));
        Assert.Equal(2, (await albums.ByArtistAsync(1)).Count);
        Assert.Equal(347, await albums.CountAsync());

        Assert.Equal(4, source.Created);
        Assert.Equal(0, source.StillOpen);
    }

    [Fact]
    public async Task A_repository_with_a_session_field_joins_its_transaction()
    {
        using Session db = Connect();
        var artists = new ArtistRepository(db);
        long before = await artists.CountAsync();

        using (db.Begin())
        {
            Assert.Equal(1, artists.Add(1001, "Repo"));
            Assert.Equal("Repo", artists.Find(1001)?.Name);
            Assert.Equal(before + 1, await artists.CountAsync());
        }

        Assert.Null(artists.Find(1001));

        using (SessionTransaction tx = db.Begin())
        {
            artists.Add(1002, "Repo, committed");
            tx.Commit();
        }

        Assert.Equal(1, Count("select count(*) from artist where artist_id = 1002"));
    }
}
