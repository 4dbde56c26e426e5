using System.Data;
using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class AsyncAndStreamingTestsOnSqlite() : AsyncAndStreamingTests(Dbms.Sqlite);

public sealed class AsyncAndStreamingTestsOnPostgres() : AsyncAndStreamingTests(Dbms.Postgres);

/// <summary>Task and ValueTask forms of every shape, IAsyncEnumerable streaming, and cancellation.</summary>
public abstract class AsyncAndStreamingTests(Dbms dbms) : SurfaceTest(dbms)
{
    const int ChinookTracks = 3503;

    [Fact]
    public async Task Task_and_value_task_forms_of_lists_rows_scalars_and_executes()
    {
        await using Session db = await Db.ConnectAsync(Dsn);

        List<SAlbum> list = await db.AlbumsByArtistAsync(1);
        SAlbum[] array = await db.AlbumsByArtistValueAsync(1);
        Assert.Equal([new SAlbum(1, "For Those About To Rock We Salute You", 1), new SAlbum(4, "Let There Be Rock", 1)], list);
        Assert.Equal(list, array);

        Assert.Equal("Let There Be Rock", (await db.AlbumAsync(4)).Title);
        Assert.Equal("Let There Be Rock", (await db.AlbumValueAsync(4)).Title);
        await Assert.ThrowsAsync<UnexpectedRowCountException>(() => db.AlbumAsync(-1));
        await Assert.ThrowsAsync<UnexpectedRowCountException>(async () => await db.AlbumValueAsync(-1));

        Assert.Equal(4, (await db.FindAlbumAsync(4))?.AlbumId);
        Assert.Null(await db.FindAlbumAsync(-1));
        Assert.Equal(4, (await db.FindAlbumValueAsync(4))?.AlbumId);
        Assert.Null(await db.FindAlbumValueAsync(-1));

        Assert.Equal(10, await db.CountTracksAsync(1));
        Assert.Equal(10, await db.CountTracksValueAsync(1));
        Assert.Equal("AC/DC", await db.ArtistNameAsync(1));
        Assert.Null(await db.ArtistNameAsync(-1));

        Assert.Equal(1, await db.RenameAlbumAsync(1, "A"));
        Assert.Equal(1, await db.RenameAlbumValueAsync(2, "B"));
        Assert.Equal(0, await db.RenameAlbumValueAsync(-2, "nothing"));
        await db.RenameAlbumNoCountAsync(3, "C");
        await db.RenameAlbumNoCountValueAsync(4, "D");
        Assert.Equal(["A", "B", "C", "D"], new[] { 1L, 2, 3, 4 }.Select(id => Connection.FindAlbumTitle(id)));
    }

    [Fact]
    public async Task An_already_cancelled_token_is_passed_to_the_driver()
    {
        await using Session db = Connect();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.AlbumsByArtistAsync(1, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await db.CountTracksValueAsync(1, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.RenameAlbumAsync(1, "never", cts.Token));

        Assert.Equal(ConnectionState.Open, db.Connection.State);
        Assert.Equal(10, await db.CountTracksAsync(1));
        Assert.Equal("For Those About To Rock We Salute You", (await db.AlbumAsync(1)).Title);
    }

    [Fact]
    public async Task A_closed_connection_is_opened_for_an_async_call_and_closed_again()
    {
        await using DbConnection closed = Database.NewConnection();

        Assert.Equal(2, (await closed.AlbumsByArtistAsync(1)).Count);
        Assert.Equal(ConnectionState.Closed, closed.State);
    }

    [Fact]
    public async Task Streams_all_3503_tracks_in_order()
    {
        await using Session db = Connect();

        long previous = 0;
        int count = 0;
        await foreach (STrack track in db.StreamTracks())
        {
            Assert.True(track.TrackId > previous);
            previous = track.TrackId;
            count++;
        }

        Assert.Equal(ChinookTracks, count);
        Assert.Equal(ChinookTracks, await db.StreamTrackNames().CountAsync());
        Assert.Equal("For Those About To Rock (We Salute You)", await db.StreamTrackNames().FirstAsync());
    }

    [Fact]
    public async Task Streams_a_10000_row_table_and_hands_rows_over_before_the_query_has_finished()
    {
        await using Session db = Connect();
        db.CreateBig();
        Assert.Equal(10_000, await db.FillBigAsync(10_000));

        long sum = 0;
        int count = 0;
        await foreach (BigRow row in db.StreamBig())
        {
            Assert.Equal("row " + row.Id, row.Label);
            sum += row.Id;
            count++;
        }

        Assert.Equal(10_000, count);
        Assert.Equal(10_000L * 10_001 / 2, sum);

        // Row 10,000 fails on the server. A buffering implementation would throw before the first row; a streaming
        // one hands over the 9,999 rows before it, then the error.
        int seen = 0;
        Exception error = await Assert.ThrowsAnyAsync<DbException>(async () =>
        {
            await foreach (BigRow row in db.StreamBigPoisonedAt(10_000))
            {
                seen++;
            }
        });
        Assert.Equal(9_999, seen);
        Assert.Contains(IsPostgres ? "out of range" : "overflow", error.Message, StringComparison.OrdinalIgnoreCase);

        // The reader is closed and the session's connection is usable.
        Assert.Equal(10_000, db.CountBig());
    }

    [Fact]
    public async Task Breaking_out_of_await_foreach_closes_the_reader()
    {
        await using Session db = Connect();
        db.CreateBig();
        await db.FillBigAsync(10_000);

        int seen = 0;
        await foreach (BigRow row in db.StreamBig())
        {
            if (++seen == 10)
                break;
        }

        Assert.Equal(10, seen);
        db.Execute("drop table big");
        Assert.Equal(ChinookTracks, await db.StreamTracks().CountAsync());

        // The same on a closed connection: it is closed again.
        await using DbConnection closed = Database.NewConnection();
        await foreach (STrack track in closed.StreamTracks())
            break;
        Assert.Equal(ConnectionState.Closed, closed.State);
        if (IsPostgres)
            Assert.Equal(0, ActivePostgresQueries());
    }
}

public sealed class MidStreamCancellationTestsOnSqlite() : MidStreamCancellationTests(Dbms.Sqlite);

// Npgsql checks the token only when it reads from the network; the generated loop checks it per row, so buffered
// rows stop too.
public sealed class MidStreamCancellationTestsOnPostgres() : MidStreamCancellationTests(Dbms.Postgres);

/// <summary>
/// Cancelling mid-stream, through the method's token or WithCancellation: OperationCanceledException, then the reader
/// is closed and the connection given back (a session's stays usable, a closed connection is closed again).
/// </summary>
public abstract class MidStreamCancellationTests(Dbms dbms) : SurfaceTest(dbms)
{
    const int ChinookTracks = 3503;

    [Fact]
    public async Task Cancelling_through_the_methods_token_mid_stream_closes_the_reader_and_keeps_the_session_usable()
    {
        await using Session db = Connect();
        using var cts = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (STrack track in db.StreamTracks(cts.Token))
            {
                if (++seen == 100)
                    await cts.CancelAsync();
            }
        });

        Assert.Equal(100, seen);
        await AssertReaderClosedAndSessionUsable(db);
    }

    [Fact]
    public async Task Cancelling_through_WithCancellation_mid_stream_closes_the_reader_and_keeps_the_session_usable()
    {
        await using Session db = Connect();
        using var cts = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (STrack track in db.StreamTracks().WithCancellation(cts.Token))
            {
                if (++seen == 250)
                    await cts.CancelAsync();
            }
        });

        Assert.Equal(250, seen);
        await AssertReaderClosedAndSessionUsable(db);
    }

    [Fact]
    public async Task Cancelling_a_stream_on_a_closed_connection_closes_it_again()
    {
        await using DbConnection closed = Database.NewConnection();
        using var cts = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (STrack track in closed.StreamTracks(cts.Token))
            {
                Assert.Equal(ConnectionState.Open, closed.State);
                if (++seen == 10)
                    await cts.CancelAsync();
            }
        });

        Assert.Equal(10, seen);
        Assert.Equal(ConnectionState.Closed, closed.State);
        if (IsPostgres)
            Assert.Equal(0, ActivePostgresQueries());

        // WithCancellation on the same closed connection, for the other way of passing the token.
        using var other = new CancellationTokenSource();
        seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (STrack track in closed.StreamTracks().WithCancellation(other.Token))
            {
                if (++seen == 3000)
                    await other.CancelAsync();
            }
        });
        Assert.Equal(3000, seen);
        Assert.Equal(ConnectionState.Closed, closed.State);
    }

    [Fact]
    public async Task Cancelling_the_big_stream_releases_the_table()
    {
        await using Session db = Connect();
        db.CreateBig();
        await db.FillBigAsync(10_000);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (BigRow row in db.StreamBig(cts.Token))
            {
                if (row.Id == 5_000)
                    await cts.CancelAsync();
            }
        });

        // A reader still open on the table would make SQLite refuse the drop ("database table is locked") and
        // PostgreSQL refuse any command on the connection ("a command is already in progress").
        Assert.Equal(ConnectionState.Open, db.Connection.State);
        db.Execute("drop table big");
        if (IsPostgres)
            Assert.Equal(0, ActivePostgresQueries());
    }

    async Task AssertReaderClosedAndSessionUsable(Session db)
    {
        Assert.Equal(ConnectionState.Open, db.Connection.State);
        // On PostgreSQL a reader left open would make this fail with "A command is already in progress".
        Assert.Equal(10, await db.CountTracksAsync(1));
        Assert.Equal(1, await db.RenameAlbumAsync(1, "Renamed"));
        Assert.Equal(ChinookTracks, await db.StreamTracks().CountAsync());
        if (IsPostgres)
            Assert.Equal(0, ActivePostgresQueries());
    }
}

/// <summary>Small helpers the tests use to check results with generated code of their own.</summary>
public static partial class CheckSql
{
    [Query("select title from album where album_id = @albumId")]
    public static partial string? FindAlbumTitle(this DbConnection db, long albumId);

    [Query("select count(*) from artist where artist_id = @id")]
    public static partial long ArtistCount(this DbConnection db, long id);
}
