namespace Sqlmint.Benchmarks;

// The Sqlmint side: the generator writes these bodies at build time. The same SQL text is used by the
// hand-written and Dapper implementations (see Sql), so only the mapping code differs.

public static partial class BenchSql
{
    [Query(Sql.TrackById)]
    public static partial Track TrackById(this Session db, int trackId);

    [Query(Sql.Tracks500)]
    public static partial List<Track> Tracks500(this Session db);

    [Query(Sql.CountTracks)]
    public static partial long CountTracks(this Session db);

    [Query(Sql.StreamRows)]
    public static partial IAsyncEnumerable<BenchRow> StreamRows(this Session db, CancellationToken ct = default);

    [Execute(Sql.InsertOne)]
    public static partial int InsertOne(this Session db, long id, string name, int? albumId, int milliseconds, decimal unitPrice);

    [Execute(Sql.InsertItem)]
    public static partial int InsertMany(this Session db, IEnumerable<BenchRow> rows);

    [Query(Sql.CountMediaTypes)]
    public static partial long CountMediaTypes(this Session db);
}

/// <summary>The SQL every implementation runs (EF Core runs the equivalent LINQ).</summary>
public static class Sql
{
    public const string TrackById =
        "select track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price from track where track_id = @trackId";

    public const string Tracks500 =
        "select track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price from track order by track_id limit 500";

    public const string CountTracks = "select count(*) from track";

    public const string StreamRows = "select id, name, album_id, milliseconds, unit_price from bench_row order by id";

    public const string InsertOne =
        "insert into bench_insert (id, name, album_id, milliseconds, unit_price) values (@id, @name, @albumId, @milliseconds, @unitPrice)";

    public const string InsertItem =
        "insert into bench_insert (id, name, album_id, milliseconds, unit_price) values (@Id, @Name, @AlbumId, @Milliseconds, @UnitPrice)";

    public const string CountMediaTypes = "select count(*) from media_type";
}
