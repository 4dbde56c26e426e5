using Sqlmint.Generator.Schema;

namespace Sqlmint.GeneratorTests.Schema;

/// <summary>The nullability of result columns, which lets the generator flag a nullable column read into a non-nullable member.</summary>
public class SchemaCheckerResultColumnTests
{
    /// <summary>"name:table" per column, with '?' for nullable, '!' for not null and '~' for unknown.</summary>
    private static string Columns(string sql, SchemaModel? schema = null)
    {
        SchemaCheckResult result = SchemaChecker.CheckOrThrow(sql, schema ?? ChinookSchemas.PostgreSql);
        Assert.Empty(result.Findings);
        Assert.NotNull(result.ResultColumns);
        return string.Join(", ", result.ResultColumns!.Value.Select(c =>
            $"{c.Name}{(c.IsNullable switch { true => "?", false => "!", null => "~" })}{(c.SourceTable is null ? "" : ":" + c.SourceTable)}"));
    }

    private static void NoColumns(string sql) =>
        Assert.Null(SchemaChecker.CheckOrThrow(sql, ChinookSchemas.PostgreSql).ResultColumns);

    [Fact]
    public void Plain_columns_take_the_declared_nullability()
    {
        Assert.Equal("track_id!:track, name!:track, composer?:track", Columns("select track_id, name, t.composer from track t"));
        Assert.Equal("Composer?:Track, Name!:Track", Columns("SELECT [Composer], Name FROM Track", ChinookSchemas.Sqlite));
    }

    [Fact]
    public void Aliases_name_the_column()
    {
        Assert.Equal("t!:album, id!:album", Columns("select title as t, album_id id from album"));
    }

    [Fact]
    public void Star_expands_every_column_in_order()
    {
        Assert.Equal("album_id!:album, title!:album, artist_id!:album", Columns("select * from album"));
        Assert.Equal(
            "artist_id!:artist, name?:artist, album_id?:album, title?:album, artist_id?:album",
            Columns("select ar.*, a.* from artist ar left join album a on a.artist_id = ar.artist_id"));
    }

    [Fact]
    public void The_nullable_side_of_an_outer_join_is_nullable()
    {
        Assert.Equal("title!:album, name?:track", Columns("select a.title, t.name from album a left join track t on t.album_id = a.album_id"));
        Assert.Equal("title?:album, name!:track", Columns("select a.title, t.name from album a right join track t on t.album_id = a.album_id"));
        Assert.Equal("title?:album, name?:track", Columns("select a.title, t.name from album a full join track t on t.album_id = a.album_id"));
        Assert.Equal("title!:album, name!:track", Columns("select a.title, t.name from album a join track t on t.album_id = a.album_id"));
    }

    [Fact]
    public void Aggregates_and_literals()
    {
        Assert.Equal("n!, max?", Columns("select count(*) as n, max(milliseconds) as max from track"));
        Assert.Equal("album_id?:track, m!, s?, t!", Columns("select album_id, max(milliseconds) as m, sum(bytes) as s, total(1) as t from track group by album_id"));
        Assert.Equal("count(*)!, 1!, 'x'!, NULL?, @p~", Columns("select count(*), 1, 'x', NULL, @p from track"));
        Assert.Equal("c!, rn!", Columns("select coalesce(composer, '') as c, row_number() over (order by name) as rn from track"));
    }

    [Fact]
    public void Casts_keep_the_column_and_its_nullability()
    {
        Assert.Equal("title!:album, artist_id!:album", Columns("select title::text, artist_id::bigint from album"));
    }

    [Fact]
    public void Expressions_are_unknown()
    {
        Assert.Equal("upper(name)~, x~", Columns("select upper(name), milliseconds / 1000 as x from track"));
    }

    [Fact]
    public void Unknown_relations_give_unknown_nullability()
    {
        Assert.Equal("n~", Columns("with x as (select 1 as n) select n from x"));
        Assert.Equal("title~", Columns("select s.title from (select title from album) s"));
    }

    [Fact]
    public void View_columns_have_unknown_nullability()
    {
        SchemaModel schema = SchemaParser.Parse("s.sql", "CREATE TABLE a (x int NOT NULL); CREATE VIEW v AS SELECT x FROM a;");

        Assert.Equal("x~:v", Columns("select x from v", schema));
    }

    [Fact]
    public void Returning_lists_the_target_columns()
    {
        Assert.Equal("genre_id!:genre, name?:genre", Columns("insert into genre (genre_id, name) values (@id, @name) on conflict (genre_id) do update set name = excluded.name returning *"));
        Assert.Equal("title!:album", Columns("update album set title = @t where album_id = @id returning title"));
        Assert.Equal("track_id!:playlist_track", Columns("delete from playlist_track where playlist_id = @id returning track_id"));
    }

    [Fact]
    public void No_columns_when_they_cannot_all_be_listed()
    {
        NoColumns("with x as (select 1 as n) select * from x");
        NoColumns("select title from album union select name from artist");
        NoColumns("select title from album; select 1");
        NoColumns("insert into genre (genre_id) values (1)");
        NoColumns("select * from track t join album a using (album_id)");
        NoColumns("pragma nothing");
    }
}
