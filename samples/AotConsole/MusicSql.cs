using System.Collections.Generic;
using System.Threading;
using Sqlmint;

namespace Sqlmint.Samples.AotConsole;

// One method per result shape, on a Session (from Db.Connect or Db.Using). The SQL is portable between SQLite
// and PostgreSQL; columns are snake_case and bind to PascalCase members.

public sealed record Album(long AlbumId, string Title, long ArtistId, decimal Price);

public sealed class Artist
{
    public long ArtistId { get; init; }

    public string Name { get; init; } = "";

    public string? Country { get; set; }
}

public static partial class MusicSql
{
    // Execute, no result.
    [Execute("drop table if exists album")]
    public static partial void DropAlbumTable(this Session db);

    [Execute("drop table if exists artist")]
    public static partial void DropArtistTable(this Session db);

    [Execute("create table artist (artist_id bigint primary key, name text not null, country text)")]
    public static partial void CreateArtistTable(this Session db);

    [Execute("create table album (album_id bigint primary key, title text not null, artist_id bigint not null references artist (artist_id), price numeric(10, 2) not null)")]
    public static partial void CreateAlbumTable(this Session db);

    // Execute, affected-row count.
    [Execute("insert into artist (artist_id, name, country) values (@artistId, @name, @country)")]
    public static partial int InsertArtist(this Session db, long artistId, string name, string? country);

    [Execute("insert into album (album_id, title, artist_id, price) values (@albumId, @title, @artistId, @price)")]
    public static partial int InsertAlbum(this Session db, long albumId, string title, long artistId, decimal price);

    [Execute("update album set price = price + @delta where artist_id = @artistId")]
    public static partial int RaisePrices(this Session db, long artistId, decimal delta);

    // Every row.
    [Query("select album_id, title, artist_id, price from album where artist_id = @artistId order by title")]
    public static partial List<Album> AlbumsByArtist(this Session db, long artistId);

    [Query("select name from artist order by name")]
    public static partial IReadOnlyList<string> ArtistNames(this Session db);

    // Exactly one row.
    [Query("select album_id, title, artist_id, price from album where album_id = @albumId")]
    public static partial Album AlbumById(this Session db, long albumId);

    // Zero or one row.
    [Query("select artist_id, name, country from artist where artist_id = @artistId")]
    public static partial Artist? FindArtist(this Session db, long artistId);

    // Scalars.
    [Query("select count(*) from album")]
    public static partial long CountAlbums(this Session db);

    [Query("select sum(price) from album where artist_id = @artistId")]
    public static partial decimal TotalPrice(this Session db, long artistId);

    [Query("select country from artist where artist_id = @artistId")]
    public static partial string? CountryOf(this Session db, long artistId);

    // Execute-many: one command per item, in one transaction (a DbBatch on Npgsql).
    [Execute("insert into album (album_id, title, artist_id, price) values (@AlbumId, @Title, @ArtistId, @Price)")]
    public static partial int InsertAlbums(this Session db, IEnumerable<Album> albums);

    // An async stream, unbuffered, with cancellation.
    [Query("select album_id, title, artist_id, price from album order by album_id")]
    public static partial IAsyncEnumerable<Album> StreamAlbums(this Session db, CancellationToken ct = default);

    // Several result sets from one command.
    [Query("""
        select artist_id, name, country from artist where artist_id = @artistId;
        select album_id, title, artist_id, price from album where artist_id = @artistId order by album_id;
        select count(*) from album
        """)]
    public static partial (Artist?, List<Album>, long) ArtistPage(this Session db, long artistId);
}
