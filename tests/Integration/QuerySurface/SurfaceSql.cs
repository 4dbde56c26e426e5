using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.IntegrationTests.QuerySurface;

// The generated methods under test for the whole query surface, written as a user writes them against the
// snake_case Chinook schema (the same SQL on SQLite and PostgreSQL) and against purpose-built tables.

public sealed record SAlbum(long AlbumId, string Title, long ArtistId);

public sealed record SArtist(long ArtistId, string? Name);

public sealed record STrack(long TrackId, string Name, long? AlbumId, int Milliseconds);

public sealed record BigRow(long Id, string Label);

public sealed record Item(long Id, string Name, int Qty);

/// <summary>Async, streaming, cardinality and multiple result sets, on the Chinook tables.</summary>
public static partial class SurfaceSql
{
    // ---- Async: Task<...> and ValueTask<...> of every shape ----

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial Task<List<SAlbum>> AlbumsByArtistAsync(this Session db, long artistId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial ValueTask<SAlbum[]> AlbumsByArtistValueAsync(this Session db, long artistId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial Task<SAlbum> AlbumAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial ValueTask<SAlbum> AlbumValueAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial Task<SAlbum?> FindAlbumAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial ValueTask<SAlbum?> FindAlbumValueAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select count(*) from track where album_id = @albumId")]
    public static partial Task<long> CountTracksAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select count(*) from track where album_id = @albumId")]
    public static partial ValueTask<long> CountTracksValueAsync(this Session db, long albumId, CancellationToken ct = default);

    [Query("select name from artist where artist_id = @artistId")]
    public static partial Task<string?> ArtistNameAsync(this Session db, long artistId, CancellationToken ct = default);

    [Execute("update album set title = @title where album_id = @albumId")]
    public static partial Task<int> RenameAlbumAsync(this Session db, long albumId, string title, CancellationToken ct = default);

    [Execute("update album set title = @title where album_id = @albumId")]
    public static partial ValueTask<int> RenameAlbumValueAsync(this Session db, long albumId, string title, CancellationToken ct = default);

    [Execute("update album set title = @title where album_id = @albumId")]
    public static partial Task RenameAlbumNoCountAsync(this Session db, long albumId, string title, CancellationToken ct = default);

    [Execute("update album set title = @title where album_id = @albumId")]
    public static partial ValueTask RenameAlbumNoCountValueAsync(this Session db, long albumId, string title, CancellationToken ct = default);

    // A closed DbConnection as the source of the async forms: opened and closed again by the generated code.
    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial Task<IReadOnlyList<SAlbum>> AlbumsByArtistAsync(this DbConnection db, long artistId, CancellationToken ct = default);

    // ---- Streaming ----

    [Query("select track_id, name, album_id, milliseconds from track order by track_id")]
    public static partial IAsyncEnumerable<STrack> StreamTracks(this Session db, CancellationToken ct = default);

    [Query("select track_id, name, album_id, milliseconds from track order by track_id")]
    public static partial IAsyncEnumerable<STrack> StreamTracks(this DbConnection db, CancellationToken ct = default);

    [Query("select name from track order by track_id")]
    public static partial IAsyncEnumerable<string> StreamTrackNames(this Session db, CancellationToken ct = default);

    [Execute("create table big (id bigint primary key, label text not null)")]
    public static partial void CreateBig(this Session db);

    // A recursive CTE makes the rows on both databases with one statement.
    [Execute("insert into big (id, label) with recursive n(i) as (select 1 union all select i + 1 from n where i < @count) select i, 'row ' || i from n")]
    public static partial Task<int> FillBigAsync(this Session db, long count, CancellationToken ct = default);

    [Query("select id, label from big order by id")]
    public static partial IAsyncEnumerable<BigRow> StreamBig(this Session db, CancellationToken ct = default);

    // The last row fails on the server (abs of the smallest bigint overflows on both databases): a caller that sees
    // the rows before it proves they were handed over while the query was still running.
    [Query("select id, label || abs(case when id = @poison then -9223372036854775807 - 1 else id end) as label from big order by id")]
    public static partial IAsyncEnumerable<BigRow> StreamBigPoisonedAt(this Session db, long poison, CancellationToken ct = default);

    [Query("select count(*) from big")]
    public static partial long CountBig(this Session db);

    // ---- Cardinality ----

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id", Cardinality = Cardinality.First)]
    public static partial SAlbum FirstAlbumOf(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id", Cardinality = Cardinality.First)]
    public static partial SAlbum? FirstAlbumOfOrNone(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id", Cardinality = Cardinality.First)]
    public static partial Task<SAlbum> FirstAlbumOfAsync(this DbConnection db, long artistId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id", Cardinality = Cardinality.First)]
    public static partial ValueTask<SAlbum?> FirstAlbumOfOrNoneAsync(this DbConnection db, long artistId, CancellationToken ct = default);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial SAlbum SingleAlbumOf(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial SAlbum? SingleAlbumOfOrNone(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial Task<SAlbum?> SingleAlbumOfOrNoneAsync(this DbConnection db, long artistId, CancellationToken ct = default);

    // ---- Multiple result sets ----

    [Query("""
        select album_id, title, artist_id from album where artist_id = @artistId order by album_id;
        select artist_id, name from artist where artist_id = @artistId;
        select count(*) from track t join album a on a.album_id = t.album_id where a.artist_id = @artistId
        """)]
    public static partial (List<SAlbum>, SArtist?, long) ArtistPage(this DbConnection db, long artistId);

    [Query("""
        select album_id, title, artist_id from album where artist_id = @artistId order by album_id;
        select artist_id, name from artist where artist_id = @artistId;
        select count(*) from track t join album a on a.album_id = t.album_id where a.artist_id = @artistId
        """)]
    public static partial Task<(List<SAlbum> Albums, SArtist? Artist, long Tracks)> ArtistPageAsync(this DbConnection db, long artistId, CancellationToken ct = default);

    [Query("""
        select album_id, title, artist_id from album where artist_id = @artistId order by album_id;
        select artist_id, name from artist where artist_id = @artistId;
        select count(*) from track t join album a on a.album_id = t.album_id where a.artist_id = @artistId
        """)]
    public static partial ValueTask<(IReadOnlyList<SAlbum> Albums, SArtist Artist, long? Tracks)> ArtistPageValueAsync(this Session db, long artistId, CancellationToken ct = default);
}
