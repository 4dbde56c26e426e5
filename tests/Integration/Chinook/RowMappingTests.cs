using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.Chinook;

public sealed class RowMappingTestsOnSqlite() : RowMappingTests(Dbms.Sqlite);

public sealed class RowMappingTestsOnPostgres() : RowMappingTests(Dbms.Postgres);

/// <summary>Rows bound by constructor and by members, NULLs, and snake_case column names.</summary>
public abstract class RowMappingTests(Dbms dbms) : ChinookTest(dbms)
{
    [Fact]
    public void Class_rows_fill_init_required_and_settable_members()
    {
        List<Track> tracks = Connection.TracksOfAlbum(albumId: 1);

        Assert.Equal(10, tracks.Count);
        Track first = tracks[0];
        Assert.Equal(1, first.TrackId);
        Assert.Equal("For Those About To Rock (We Salute You)", first.Name);
        Assert.Equal("Angus Young, Malcolm Young, Brian Johnson", first.Composer);
        Assert.Equal(11170334, first.Bytes);
        Assert.Equal(0.99m, first.UnitPrice);
        Assert.Equal(343719, first.Milliseconds);
    }

    [Fact]
    public void Null_columns_become_null_members()
    {
        // Album 18 (Body Count) has tracks without a composer.
        List<Track> tracks = Connection.TracksOfAlbum(albumId: 18);

        Assert.Contains(tracks, t => t.Composer is null);
        Assert.Equal(
            Connection.CountByComposer(null),
            Enumerable.Range(1, 347).SelectMany(id => Connection.TracksOfAlbum(id)).Count(t => t.Composer is null));
    }

    [Fact]
    public void Snake_case_columns_match_pascal_case_members()
    {
        // track_id, track_name (an alias), composer and unit_price fill TrackId, TrackName, Composer and UnitPrice.
        List<TrackSummary> summaries = Connection.SummariesOfAlbum(albumId: 1);

        Assert.Equal(10, summaries.Count);
        Assert.Equal(new TrackSummary(1, "For Those About To Rock (We Salute You)", "Angus Young, Malcolm Young, Brian Johnson", 0.99), summaries[0]);
    }

    [Fact]
    public void Null_into_a_non_nullable_member_names_the_method_member_and_column()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.StrictComposers(albumId: 18));

        Assert.Equal("ChinookSql.StrictComposers", error.Method);
        Assert.Equal("composer", error.Column);
        Assert.Contains("member 'Composer' (System.String) is not nullable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_column_lists_the_columns_there_are()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.AlbumWithoutTitle(1));

        Assert.Contains("member 'Title'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Columns: album_id, artist_id", error.Message, StringComparison.Ordinal);
    }
}
