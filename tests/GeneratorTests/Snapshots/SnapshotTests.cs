using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Snapshots;

/// <summary>
/// One scenario per return shape and row style. Each generated file is compared with its committed
/// snapshot, and the user code plus the generated code must compile with no errors and no warnings.
/// </summary>
public sealed class SnapshotTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using Microsoft.Data.Sqlite;
        using Sqlmint;

        """;

    [Fact]
    public void Lists_of_records_arrays_and_scalars()
    {
        Verify("Lists", Usings + """
            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);

            public static partial class AlbumQueries
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId order by Title")]
                public static partial List<Album> ByArtist(this DbConnection db, long artistId);

                [Query("select AlbumId, Title, ArtistId from Album order by AlbumId limit @count")]
                public static partial IReadOnlyList<Album> First(DbConnection db, int count);

                [Query("select AlbumId, Title, ArtistId from Album where Title like @pattern")]
                public static partial Album[] Matching(DbConnection db, string pattern);

                [Query("select Title from Album order by Title")]
                public static partial List<string> Titles(DbConnection db);

                [Query("select Composer from Track where AlbumId = @albumId")]
                public static partial List<string?> Composers(DbConnection db, long albumId);
            }
            """);
    }

    [Fact]
    public void Single_and_single_or_none_rows()
    {
        Verify("SingleRows", Usings + """
            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);
            public readonly record struct Point(int X, int Y);

            internal static partial class AlbumQueries
            {
                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @id")]
                internal static partial Album Get(SqliteConnection db, long id);

                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @id")]
                internal static partial Album? Find(SqliteConnection db, long id);

                [Query("select 1 as x, 2 as y where @yes")]
                internal static partial Point? MaybePoint(SqliteConnection db, bool yes);
            }
            """);
    }

    [Fact]
    public void Scalars_with_nulls_and_enums()
    {
        Verify("Scalars", Usings + """
            namespace Music;

            public enum MediaKind { Audio = 1, Video = 2 }

            public static partial class Counts
            {
                [Query("select count(*) from Track where AlbumId = @albumId")]
                public static partial long Tracks(DbConnection db, long albumId);

                [Query("select Name from Artist where ArtistId = @id")]
                public static partial string? ArtistName(DbConnection db, long id);

                [Query("select max(Milliseconds) from Track where AlbumId = @albumId")]
                public static partial int? LongestTrack(DbConnection db, long albumId);

                [Query("select MediaTypeId from Track where TrackId = @id")]
                public static partial MediaKind Kind(DbConnection db, long id);

                [Query("select UnitPrice from Track where TrackId = @id")]
                public static partial decimal Price(DbConnection db, long id);
            }
            """);
    }

    [Fact]
    public void Classes_bound_by_init_required_and_settable_members()
    {
        Verify("ClassRows", Usings + """
            namespace Music;

            public sealed class Track
            {
                public required long TrackId { get; init; }
                public string Name { get; init; } = "";
                public string? Composer { get; set; }
                public int? Bytes { get; set; }
                public decimal UnitPrice { get; set; }
                public List<string> Tags { get; set; } = new();
            }

            public sealed class Customer
            {
                public Customer(long customerId, string firstName) { CustomerId = customerId; FirstName = firstName; }
                public long CustomerId { get; }
                public string FirstName { get; }
                public string? Company { get; set; }
            }

            public static partial class TrackQueries
            {
                [Query("select track_id, name, composer, bytes, unit_price from track where album_id = @albumId")]
                public static partial List<Track> ByAlbum(DbConnection db, long albumId);

                [Query("select CustomerId, FirstName, Company from Customer where CustomerId = @id")]
                public static partial Customer? Customer(DbConnection db, long id);
            }
            """);
    }

    [Fact]
    public void Execute_with_nullable_enum_and_keyword_parameters()
    {
        Verify("Execute", Usings + """
            namespace Music;

            public enum MediaKind { Audio = 1, Video = 2 }

            public static partial class Writes
            {
                [Execute("update Track set UnitPrice = @price, Composer = @composer where TrackId = @trackId")]
                public static partial int SetPrice(this DbConnection db, long trackId, decimal price, string? composer);

                [Execute("update Track set MediaTypeId = @kind, Milliseconds = coalesce(@length, Milliseconds) where TrackId = @class")]
                public static partial void SetKind(DbConnection db, long @class, MediaKind? kind, int? length);

                [Execute("insert into Note(Id, Stamp, Day, Payload) values (@id, @stamp, @day, @payload)")]
                public static partial int Insert(DbConnection db, Guid id, DateTimeOffset stamp, DateOnly day, byte[]? payload);
            }
            """);
    }

    [Fact]
    public void Nested_generic_and_global_namespace_containing_types()
    {
        Verify("ContainingTypes", Usings + """
            public sealed record Artist(long ArtistId, string? Name);

            public partial class Outer<T> where T : class
            {
                internal partial struct Inner
                {
                    [Query("select ArtistId, Name from Artist")]
                    public static partial List<Artist> All(DbConnection db);
                }
            }

            public partial record Repository(string Label)
            {
                [Query("select count(*) from Artist")]
                public partial long Count(DbConnection db);
            }
            """);
    }

    [Fact]
    public void Session_and_transaction_connection_sources()
    {
        Verify("ConnectionSources", Usings + """
            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);

            public static partial class SessionQueries
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
                public static partial List<Album> ByArtist(this Session db, long artistId);

                [Execute("delete from Album where AlbumId = @id")]
                public static partial int Delete(DbTransaction transaction, long id);
            }
            """);
    }

    [Fact]
    public void Driver_registration_for_the_referenced_drivers()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Empty; public static class Nothing { }").AssertCleanCompile();

        // The tests reference Microsoft.Data.Sqlite but not Npgsql, so only SQLite is registered.
        string source = run.Source("Sqlmint.DriverRegistration.g.cs");
        Assert.Contains("\"sqlite\", \"microsoft\"", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", source, StringComparison.Ordinal);
        Snapshot.Verify("DriverRegistration", source);
    }

    [Fact]
    public void Async_task_value_task_and_streaming()
    {
        Verify("Async", Usings + """
            using System.Threading;
            using System.Threading.Tasks;

            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);

            public static partial class AsyncQueries
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
                public static partial Task<List<Album>> ByArtistAsync(this Session db, long artistId, CancellationToken ct);

                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @id")]
                public static partial ValueTask<Album?> FindAsync(this Session db, long id, CancellationToken ct = default);

                [Query("select count(*) from Album")]
                public static partial Task<long> CountAsync(this Session db);

                [Execute("delete from Album where AlbumId = @id")]
                public static partial Task<int> DeleteAsync(this Session db, long id, CancellationToken ct);

                [Execute("delete from Album where AlbumId = @id")]
                public static partial ValueTask ForgetAsync(this Session db, long id);

                [Query("select AlbumId, Title, ArtistId from Album order by AlbumId")]
                public static partial IAsyncEnumerable<Album> StreamAll(this Session db, CancellationToken ct = default);

                // The iterator is a static local function: the method's values are passed in, the token is not.
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
                public static partial IAsyncEnumerable<Album> StreamByArtist(DbTransaction transaction, long artistId, CancellationToken ct);

                [Query("select Title from Album")]
                public static partial IAsyncEnumerable<string> StreamTitles(DbConnection connection);
            }

            // On an instance method the iterator reads the connection member, so it is not static.
            public sealed partial class AlbumStream(DbConnection connection)
            {
                private DbConnection Connection { get; } = connection;

                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
                public partial IAsyncEnumerable<Album> ByArtist(long artistId, CancellationToken ct = default);
            }
            """);
    }

    [Fact]
    public void Multiple_result_sets_tuples_and_first_row_options()
    {
        Verify("ResultSets", Usings + """
            using System.Threading;
            using System.Threading.Tasks;

            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);
            public sealed record Artist([property: Column("ArtistId")] long Id, string? Name);

            public static partial class Multi
            {
                [Query("select ArtistId, Name from Artist where ArtistId = @id; select AlbumId, Title, ArtistId from Album where ArtistId = @id; select count(*) from Track")]
                public static partial (Artist?, List<Album>, long) ArtistPage(this DbConnection db, long id);

                [Query("select ArtistId, Name from Artist; select AlbumId, Title, ArtistId from Album")]
                public static partial Task<(Artist[] Artists, IReadOnlyList<Album> Albums)> EverythingAsync(this DbConnection db, CancellationToken ct);

                [Query("select AlbumId, Title from Album order by AlbumId")]
                public static partial List<(long Id, string Title)> Pairs(this DbConnection db);

                [Query("select AlbumId, Title, ArtistId from Album order by AlbumId", Cardinality = Cardinality.First)]
                public static partial Album FirstAlbum(this DbConnection db);

                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @id", Cardinality = Cardinality.First, CommandTimeout = 5)]
                public static partial Album? FirstAlbumOf(this DbConnection db, long id);
            }
            """);
    }

    [Fact]
    public void Object_parameters_lists_arrays_and_execute_many()
    {
        Verify("Parameters", Usings + """
            using System.Threading;
            using System.Threading.Tasks;

            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);
            public sealed record AlbumFilter(long ArtistId, string Pattern);

            public static partial class ParameterQueries
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @ArtistId and Title like @Pattern")]
                public static partial List<Album> Filter(this DbConnection db, AlbumFilter filter);

                [Query("select AlbumId, Title, ArtistId from Album where AlbumId in @ids and ArtistId in (@artists) order by AlbumId")]
                public static partial List<Album> ByIds(this DbConnection db, IEnumerable<long> ids, List<long> artists);

                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = any(@ids)")]
                public static partial List<Album> ByArray(this DbConnection db, IEnumerable<long> ids);

                [Execute("insert into Album (AlbumId, Title, ArtistId) values (@AlbumId, @Title, @ArtistId)")]
                public static partial int InsertMany(this Session db, IEnumerable<Album> albums);

                [Execute("insert into Album (AlbumId, Title, ArtistId) values (@AlbumId, @Title, @ArtistId)")]
                public static partial Task<int> InsertManyAsync(this DbConnection db, IReadOnlyList<Album> albums, CancellationToken ct);

                [Execute("refresh_albums", CommandType = System.Data.CommandType.StoredProcedure)]
                public static partial void Refresh(this DbConnection db);

                // Unsigned integers go as the wider signed type (ulong through a helper); [EnumAsText] sends the name.
                [Execute("update Counter set Small = @small, Medium = @medium, Large = @large, Shade = @shade, Other = @other where Id = @id")]
                public static partial int SetCounter(this DbConnection db, long id, ushort small, uint? medium, ulong large, [EnumAsText] Shade? shade, [EnumAsText] Shade? other);

                [Query("select Small, Medium, Large from Counter where Id = @id")]
                public static partial (ushort Small, uint? Medium, ulong Large) GetCounter(this DbConnection db, long id);
            }

            public enum Shade { Red = 1, Crimson = 1, Blue = 3 }
            """);
    }

    [Fact]
    public void Data_source_and_member_connection_sources()
    {
        Verify("Repositories", Usings + """
            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);

            public sealed partial class AlbumRepository(DbDataSource dataSource)
            {
                private DbDataSource Source { get; } = dataSource;

                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @id")]
                public partial Album? Find(long id);
            }

            public static partial class Direct
            {
                [Query("select count(*) from Album")]
                public static partial long Count(DbDataSource source);
            }
            """);
    }

    [Fact]
    public void Positional_parameters_when_npgsql_is_referenced()
    {
        Verify("Positional", Usings + """
            namespace Music;

            public sealed record Album(long AlbumId, string Title, long ArtistId);

            public static partial class PgQueries
            {
                [Query("select album_id, title, artist_id from album where artist_id = @artistId and title <> @title and artist_id = @artistId")]
                public static partial List<Album> ByArtist(this Session db, long artistId, string? title);

                [Execute("insert into album (album_id, title, artist_id) values (@AlbumId, @Title, @ArtistId)")]
                public static partial int InsertMany(this Session db, IEnumerable<Album> albums);

                [Query("select album_id, title, artist_id from album where album_id in @ids")]
                public static partial List<Album> ByIds(this Session db, long[] ids);

                // No parameters: not positional, still prepared; async: PrepareAsync with the token.
                [Query("select count(*) from album")]
                public static partial System.Threading.Tasks.Task<long> CountAsync(this Session db, System.Threading.CancellationToken ct);

                // Not prepared: DDL, a procedure call, and two statements (tests/GeneratorTests/Emission has the rest).
                [Execute("create table album_copy (album_id bigint)")]
                public static partial void CreateCopy(this Session db);

                [Execute("refresh_albums", CommandType = System.Data.CommandType.StoredProcedure)]
                public static partial void Refresh(this Session db);

                [Query("select album_id, title, artist_id from album; select count(*) from artist")]
                public static partial (List<Album>, long) AlbumsAndArtistCount(this Session db);
            }
            """, MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location));
    }

    private static void Verify(string scenario, string source, params MetadataReference[] references)
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { source }, references).AssertCleanCompile();
        Assert.NotEmpty(run.Sources);
        foreach (var generated in run.Sources.Where(s => s.HintName != "Sqlmint.DriverRegistration.g.cs"))
        {
            Snapshot.Verify(scenario + "." + generated.HintName.Replace(".g.cs", string.Empty), generated.SourceText.ToString());
        }
    }
}
