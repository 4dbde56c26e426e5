using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.IntegrationTests.QuerySurface;

/// <summary>A record object parameter.</summary>
public sealed record AlbumFilter(long ArtistId, string Pattern);

/// <summary>A class object parameter, with a member that only a getter exposes.</summary>
public sealed class AlbumRange
{
    public long From { get; set; }

    public long To { get; init; }

    public string TitlePrefix => "";
}

/// <summary>A struct object parameter.</summary>
public struct AlbumKey
{
    public long ArtistId { get; set; }

    public long MinAlbumId { get; set; }
}

/// <summary>Connection sources and parameters.</summary>
public static partial class SourcesSql
{
    // ---- Connection sources ----

    [Execute("insert into artist (artist_id, name) values (@id, @name)")]
    public static partial int AddArtist(this Session db, long id, string name);

    [Query("select count(*) from artist where artist_id = @id")]
    public static partial long ArtistCount(this Session db, long id);

    [Execute("insert into artist (artist_id, name) values (@id, @name)")]
    public static partial int AddArtist(this DbTransaction transaction, long id, string name);

    [Query("select count(*) from artist where artist_id = @id")]
    public static partial long ArtistCount(this DbTransaction transaction, long id);

    [Query("select count(*) from artist where artist_id = @id")]
    public static partial Task<long> ArtistCountAsync(this DbTransaction transaction, long id, CancellationToken ct = default);

    [Query("select name from artist where artist_id = @id")]
    public static partial string? ArtistName(this SqliteConnection db, long id);

    [Query("select name from artist where artist_id = @id")]
    public static partial string? ArtistName(this NpgsqlConnection db, long id);

    [Query("select count(*) from album")]
    public static partial long AlbumCount(DbDataSource source);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public static partial Task<List<SAlbum>> AlbumsByArtistAsync(DbDataSource source, long artistId, CancellationToken ct = default);

    [Query("select track_id, name, album_id, milliseconds from track order by track_id")]
    public static partial IAsyncEnumerable<STrack> StreamTracks(DbDataSource source, CancellationToken ct = default);

    // ---- Object parameters ----

    [Query("select album_id, title, artist_id from album where artist_id = @ArtistId and title like @Pattern order by album_id")]
    public static partial List<SAlbum> AlbumsMatching(this DbConnection db, AlbumFilter filter);

    [Query("select album_id, title, artist_id from album where album_id between @From and @To and title like @TitlePrefix || '%' order by album_id")]
    public static partial List<SAlbum> AlbumsInRange(this DbConnection db, AlbumRange range);

    [Query("select album_id, title, artist_id from album where artist_id = @ArtistId and album_id >= @MinAlbumId order by album_id")]
    public static partial List<SAlbum> AlbumsFrom(this DbConnection db, AlbumKey key);

    [Query("select album_id, title, artist_id from album where artist_id = @ArtistId and title like @Pattern order by album_id")]
    public static partial Task<List<SAlbum>> AlbumsMatchingAsync(this Session db, AlbumFilter filter, CancellationToken ct = default);

    // ---- Lists ----

    [Query("select album_id, title, artist_id from album where album_id in @ids order by album_id")]
    public static partial List<SAlbum> AlbumsIn(this DbConnection db, IEnumerable<long> ids);

    [Query("select album_id, title, artist_id from album where album_id in (@ids) and artist_id = @artistId order by album_id")]
    public static partial Task<List<SAlbum>> AlbumsInOfArtistAsync(this Session db, List<long> ids, long artistId, CancellationToken ct = default);

    [Query("select artist_id, name from artist where name in @names order by artist_id")]
    public static partial List<SArtist> ArtistsNamed(this DbConnection db, IEnumerable<string> names);

    [Query("select count(*) from album where album_id not in @ids")]
    public static partial long CountAlbumsNotIn(this DbConnection db, long[] ids);
}

/// <summary>PostgreSQL's <c>= any(@ids)</c>: one array parameter.</summary>
public static partial class PostgresArraySql
{
    [Query("select album_id, title, artist_id from album where album_id = any(@ids) order by album_id")]
    public static partial List<SAlbum> AlbumsAny(this NpgsqlConnection db, IEnumerable<long> ids);

    [Query("select album_id, title, artist_id from album where album_id = any(@ids) order by album_id")]
    public static partial Task<List<SAlbum>> AlbumsAnyAsync(this Session db, long[] ids, CancellationToken ct = default);

    [Query("select artist_id, name from artist where name = any(@names) order by artist_id")]
    public static partial List<SArtist> ArtistsAny(this DbConnection db, List<string> names);
}

/// <summary>A repository whose instance methods take their connection from a <see cref="DbDataSource"/> property.</summary>
public sealed partial class AlbumRepository(DbDataSource source)
{
    DbDataSource Source { get; } = source;

    [Query("select album_id, title, artist_id from album where album_id = @id")]
    public partial SAlbum? Find(long id);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by album_id")]
    public partial Task<List<SAlbum>> ByArtistAsync(long artistId, CancellationToken ct = default);

    [Query("select count(*) from album")]
    public partial ValueTask<long> CountAsync(CancellationToken ct = default);
}

/// <summary>A repository whose instance methods run on a <see cref="Session"/> field, joining its transaction.</summary>
public sealed partial class ArtistRepository
{
    readonly Session _session;

    public ArtistRepository(Session session) => _session = session;

    [Execute("insert into artist (artist_id, name) values (@id, @name)")]
    public partial int Add(long id, string name);

    [Query("select artist_id, name from artist where artist_id = @id")]
    public partial SArtist? Find(long id);

    [Query("select count(*) from artist")]
    public partial Task<long> CountAsync(CancellationToken ct = default);
}

/// <summary>Execute-many against a purpose-built table.</summary>
public static partial class ItemSql
{
    [Execute("create table item (id bigint primary key, name text not null, qty integer not null)")]
    public static partial void CreateItemTable(this DbConnection db);

    [Execute("insert into item (id, name, qty) values (@Id, @Name, @Qty)")]
    public static partial int InsertItems(this Session db, IEnumerable<Item> items);

    [Execute("insert into item (id, name, qty) values (@Id, @Name, @Qty)")]
    public static partial int InsertItems(this DbConnection db, IEnumerable<Item> items);

    [Execute("insert into item (id, name, qty) values (@Id, @Name, @Qty)")]
    public static partial Task<int> InsertItemsAsync(this Session db, IReadOnlyList<Item> items, CancellationToken ct = default);

    [Execute("insert into item (id, name, qty) values (@Id, @Name, @Qty)")]
    public static partial Task<int> InsertItemsAsync(this DbConnection db, List<Item> items, CancellationToken ct = default);

    [Execute("insert into item (id, name, qty) values (@Id, @Name, @Qty)")]
    public static partial int InsertItems(this DbTransaction transaction, IEnumerable<Item> items);

    [Execute("update item set qty = qty + @Qty where id = @Id and name = @Name")]
    public static partial int AddQuantities(this DbConnection db, Item[] items);

    [Query("select count(*) from item")]
    public static partial long CountItems(this DbConnection db);

    [Query("select count(*) from item")]
    public static partial long CountItems(this Session db);

    [Query("select id, name, qty from item order by id")]
    public static partial List<Item> AllItems(this DbConnection db);
}
