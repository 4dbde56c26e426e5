using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Sqlmint.IntegrationTests.Sqlite;

// The generated methods under test, written the way a user writes them against the Chinook SQLite schema
// (PascalCase tables and columns).

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

/// <summary>Bound through snake_case aliases: <c>track_id</c> fills <c>TrackId</c>.</summary>
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
    [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId order by Title")]
    public static partial List<Album> AlbumsByArtist(this DbConnection db, long artistId);

    [Query("select AlbumId, Title, ArtistId from Album order by AlbumId")]
    public static partial IReadOnlyList<Album> AllAlbums(this SqliteConnection db);

    [Query("select AlbumId, Title, ArtistId from Album where Title like @pattern order by AlbumId")]
    public static partial Album[] AlbumsLike(this DbConnection db, string pattern);

    [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @albumId")]
    public static partial Album AlbumById(this DbConnection db, long albumId);

    [Query("select AlbumId, ArtistId from Album where AlbumId = @albumId")]
    public static partial Album AlbumWithoutTitle(this DbConnection db, long albumId);

    [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
    public static partial Album OnlyAlbumOfArtist(this DbConnection db, long artistId);

    [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @albumId")]
    public static partial Album? FindAlbum(this DbConnection db, long albumId);

    [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
    public static partial Album? FindOnlyAlbumOfArtist(this DbConnection db, long artistId);

    [Query("select count(*) from Track where AlbumId = @albumId")]
    public static partial long CountTracks(this DbConnection db, long albumId);

    [Query("select Name from Artist where ArtistId = @artistId")]
    public static partial string? ArtistName(this DbConnection db, long artistId);

    [Query("select max(Milliseconds) from Track where AlbumId = @albumId")]
    public static partial int? LongestTrack(this DbConnection db, long albumId);

    [Query("select max(Milliseconds) from Track where AlbumId = @albumId")]
    public static partial int LongestTrackOrThrow(this DbConnection db, long albumId);

    [Query("select UnitPrice from Track where TrackId = @trackId")]
    public static partial decimal Price(this DbConnection db, long trackId);

    [Query("select MediaTypeId from Track where TrackId = @trackId")]
    public static partial MediaKind Kind(this DbConnection db, long trackId);

    [Query("select Name from Track where AlbumId = @albumId order by TrackId")]
    public static partial List<string> TrackNames(this DbConnection db, long albumId);

    [Query("select TrackId, Name, Composer, Bytes, UnitPrice, Milliseconds from Track where AlbumId = @albumId order by TrackId")]
    public static partial List<Track> TracksOfAlbum(this DbConnection db, long albumId);

    [Query("select TrackId as track_id, Name as track_name, Composer as composer, UnitPrice as unit_price from Track where AlbumId = @albumId order by TrackId")]
    public static partial List<TrackSummary> SummariesOfAlbum(this DbConnection db, long albumId);

    [Query("select TrackId, Composer from Track where AlbumId = @albumId order by TrackId")]
    public static partial List<NonNullableComposer> StrictComposers(this DbConnection db, long albumId);

    [Query("select count(*) from Track where (@composer is null and Composer is null) or Composer = @composer")]
    public static partial long CountByComposer(this DbConnection db, string? composer);

    [Query("select count(*) from Track where MediaTypeId = @kind")]
    public static partial long CountByKind(this DbConnection db, MediaKind kind);

    [Execute("update Track set Composer = @composer where TrackId = @trackId")]
    public static partial int SetComposer(this DbConnection db, long trackId, string? composer);

    [Execute("update Track set UnitPrice = UnitPrice + @delta where AlbumId = @albumId")]
    public static partial int RaisePrices(this DbConnection db, long albumId, decimal delta);

    [Execute("create table Note (Id blob primary key, Created text not null, Done integer not null, Kind integer not null, Text text, Payload blob, Rating integer)")]
    public static partial void CreateNoteTable(this DbConnection db);

    [Execute("insert into Note (Id, Created, Done, Kind, Text, Payload, Rating) values (@id, @created, @done, @kind, @text, @payload, @rating)")]
    public static partial int InsertNote(this DbConnection db, Guid id, DateTime created, bool done, MediaKind kind, string? text, byte[]? payload, int? rating);

    [Query("select Id, Created, Done, Kind, Text, Payload, Rating from Note where Id = @id")]
    public static partial Note? FindNote(this DbConnection db, Guid id);
}
