using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.IntegrationTests.Chinook;

// The generated methods under test, written the way a user writes them against the Chinook schema with
// snake_case tables and columns. The same SQL runs on SQLite and on PostgreSQL (see Fixtures/ChinookDatabase).

public sealed record Album(long AlbumId, string Title, long ArtistId);

public sealed class Track
{
    public required long TrackId { get; init; }

    public string Name { get; init; } = "";

    public string? Composer { get; set; }

    public long? Bytes { get; set; }

    public decimal UnitPrice { get; set; }

    public int Milliseconds { get; set; }
}

/// <summary>Bound through aliases: <c>track_name</c> fills <c>TrackName</c>.</summary>
public sealed record TrackSummary(long TrackId, string TrackName, string? Composer, double UnitPrice);

public sealed class NonNullableComposer
{
    public long TrackId { get; set; }

    public string Composer { get; set; } = "";
}

public enum MediaKind
{
    MpegAudio = 1,
    ProtectedAac = 2,
    ProtectedMpeg4Video = 3,
    PurchasedAac = 4,
    Aac = 5,
}

public sealed record Note(Guid Id, DateTime Created, bool Done, MediaKind Kind, string? Text, byte[]? Payload, int? Rating);

public static partial class ChinookSql
{
    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by title")]
    public static partial List<Album> AlbumsByArtist(this DbConnection db, long artistId);

    // A driver's own connection type as the connection source, once per driver.
    [Query("select album_id, title, artist_id from album order by album_id")]
    public static partial IReadOnlyList<Album> AllAlbums(this SqliteConnection db);

    [Query("select album_id, title, artist_id from album order by album_id")]
    public static partial IReadOnlyList<Album> AllAlbums(this NpgsqlConnection db);

    // PostgreSQL's like is case-sensitive, SQLite's is not (for ASCII): lower() on both sides means the same on both.
    [Query("select album_id, title, artist_id from album where lower(title) like lower(@pattern) order by album_id")]
    public static partial Album[] AlbumsLike(this DbConnection db, string pattern);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial Album AlbumById(this DbConnection db, long albumId);

    // The unnamed expression hides the columns from the build-time check (SQLM021), so this reaches the
    // run-time check for a missing column.
    [Query("select album_id, artist_id, upper('x') from album where album_id = @albumId")]
    public static partial Album AlbumWithoutTitle(this DbConnection db, long albumId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId")]
    public static partial Album OnlyAlbumOfArtist(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial Album? FindAlbum(this DbConnection db, long albumId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId")]
    public static partial Album? FindOnlyAlbumOfArtist(this DbConnection db, long artistId);

    [Query("select count(*) from track where album_id = @albumId")]
    public static partial long CountTracks(this DbConnection db, long albumId);

    [Query("select name from artist where artist_id = @artistId")]
    public static partial string? ArtistName(this DbConnection db, long artistId);

    [Query("select max(milliseconds) from track where album_id = @albumId")]
    public static partial int? LongestTrack(this DbConnection db, long albumId);

    [Query("select max(milliseconds) from track where album_id = @albumId")]
    public static partial int LongestTrackOrThrow(this DbConnection db, long albumId);

    [Query("select unit_price from track where track_id = @trackId")]
    public static partial decimal Price(this DbConnection db, long trackId);

    [Query("select media_type_id from track where track_id = @trackId")]
    public static partial MediaKind Kind(this DbConnection db, long trackId);

    [Query("select name from track where album_id = @albumId order by track_id")]
    public static partial List<string> TrackNames(this DbConnection db, long albumId);

    [Query("select track_id, name, composer, bytes, unit_price, milliseconds from track where album_id = @albumId order by track_id")]
    public static partial List<Track> TracksOfAlbum(this DbConnection db, long albumId);

    [Query("select track_id, name as track_name, composer, unit_price from track where album_id = @albumId order by track_id")]
    public static partial List<TrackSummary> SummariesOfAlbum(this DbConnection db, long albumId);

    [Query("select track_id, composer from track where album_id = @albumId order by track_id")]
    public static partial List<NonNullableComposer> StrictComposers(this DbConnection db, long albumId);

    // Not "(@composer is null and composer is null) or composer = @composer": PostgreSQL cannot type an untyped
    // NULL parameter in "@composer is null" (42P08). "is not distinct from" is null-safe equality on both.
    [Query("select count(*) from track where composer is not distinct from @composer")]
    public static partial long CountByComposer(this DbConnection db, string? composer);

    [Query("select count(*) from track where media_type_id = @kind")]
    public static partial long CountByKind(this DbConnection db, MediaKind kind);

    [Execute("update track set composer = @composer where track_id = @trackId")]
    public static partial int SetComposer(this DbConnection db, long trackId, string? composer);

    [Execute("update track set unit_price = unit_price + @delta where album_id = @albumId")]
    public static partial int RaisePrices(this DbConnection db, long albumId, decimal delta);

    // One DDL for both: these are PostgreSQL's types, and SQLite accepts any type name (uuid, timestamp,
    // boolean and bytea get NUMERIC affinity, which keeps the driver's Guid and DateTime texts, blobs and 0/1 as sent).
    [Execute("create table note (id uuid primary key, created timestamp not null, done boolean not null, kind integer not null, text text, payload bytea, rating integer)")]
    public static partial void CreateNoteTable(this DbConnection db);

    [Execute("insert into note (id, created, done, kind, text, payload, rating) values (@id, @created, @done, @kind, @text, @payload, @rating)")]
    public static partial int InsertNote(this DbConnection db, Guid id, DateTime created, bool done, MediaKind kind, string? text, byte[]? payload, int? rating);

    [Query("select id, created, done, kind, text, payload, rating from note where id = @id")]
    public static partial Note? FindNote(this DbConnection db, Guid id);
}
