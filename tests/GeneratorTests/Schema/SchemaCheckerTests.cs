using Sqlmint.Generator.Schema;

namespace Sqlmint.GeneratorTests.Schema;

/// <summary>
/// Both directions of every finding: a finding is a build error for the user, so valid SQL must give none,
/// and each mistake must be reported at the offending identifier.
/// </summary>
public class SchemaCheckerTests
{
    public const string Pg = "pg";
    public const string Sqlite = "sqlite";

    internal static SchemaModel Schema(string dialect) => dialect == Pg ? ChinookSchemas.PostgreSql : ChinookSchemas.Sqlite;

    private static string Describe(SchemaCheckResult result) =>
        string.Join("\n", result.Findings.Select(f => $"{f.Kind} {f.Name} @{f.Offset}: {f.Message}"));

    // ---- Valid SQL: zero findings -------------------------------------------------------------------------

    [Theory]
    // Joins, aliases, schema qualifiers
    [InlineData(Pg, "select * from album")]
    [InlineData(Pg, "select a.title, ar.name from album a join artist ar on ar.artist_id = a.artist_id where a.album_id = @id")]
    [InlineData(Pg, "select a.title as t from album as a order by t")]
    [InlineData(Pg, "select t.name, g.name as genre from track t left join genre g on g.genre_id = t.genre_id")]
    [InlineData(Pg, "select e.first_name, m.first_name as manager from employee e left join employee m on m.employee_id = e.reports_to")]
    [InlineData(Pg, "select public.album.title from public.album")]
    [InlineData(Pg, "select album.title, track.name from album inner join track on track.album_id = album.album_id")]
    [InlineData(Pg, "select * from track t join album a using (album_id) where album_id = @id")]
    [InlineData(Pg, "select * from album natural join artist")]
    [InlineData(Pg, "select a.title from album a cross join artist ar full outer join genre g on g.genre_id = ar.artist_id")]
    // Grouping, ordering by output aliases, window functions
    [InlineData(Pg, "select album_id, count(*) as n from track group by album_id having count(*) > 10 order by n desc")]
    [InlineData(Pg, "select case when milliseconds > 300000 then 'long' else 'short' end as kind, count(*) from track group by kind")]
    [InlineData(Pg, "select extract(year from invoice_date) as y, sum(total) from invoice group by y order by y")]
    [InlineData(Pg, "select name, row_number() over (partition by genre_id order by milliseconds desc) as rn from track")]
    [InlineData(Pg, "select sum(total) over w from invoice window w as (partition by customer_id order by invoice_date)")]
    [InlineData(Pg, "select count(*) filter (where unit_price > 0.99) from track")]
    [InlineData(Pg, "select string_agg(name, ', ' order by name) from artist")]
    [InlineData(Pg, "select percentile_cont(0.5) within group (order by milliseconds) from track")]
    [InlineData(Pg, "select distinct on (album_id) album_id, name from track order by album_id, milliseconds desc")]
    [InlineData(Pg, "select first_name || ' ' || last_name as full_name from customer where email ilike @email order by full_name limit 10 offset @skip")]
    // CTEs and subqueries
    [InlineData(Pg, "with big as (select album_id, count(*) as n from track group by album_id) select a.title, big.n from album a join big on big.album_id = a.album_id")]
    [InlineData(Pg, "with recursive chain as (select employee_id, reports_to from employee where employee_id = @id union all select e.employee_id, e.reports_to from employee e join chain c on e.employee_id = c.reports_to) select * from chain")]
    [InlineData(Pg, "select * from (select album_id, title from album) t where t.title like @p")]
    [InlineData(Pg, "select * from album where artist_id in (select artist_id from artist where name like @pattern)")]
    [InlineData(Pg, "select a.* from album a where exists (select 1 from track t where t.album_id = a.album_id and t.milliseconds > @ms)")]
    [InlineData(Pg, "select (select count(*) from track t where t.album_id = a.album_id) as tracks, a.title from album a order by tracks")]
    [InlineData(Pg, "select a.title, s.c from album a, lateral (select count(*) as c from track t where t.album_id = a.album_id) s")]
    [InlineData(Pg, "select t.name from track t where t.track_id in (select track_id from playlist_track pt where pt.playlist_id = @id)")]
    [InlineData(Pg, "select title from album union select name from artist order by title")]
    [InlineData(Pg, "(select title from album) union all (select name from artist) limit 5")]
    // Casts, literals, functions, keywords
    [InlineData(Pg, "select invoice_date::date as d, total::numeric(12,2), total::double precision from invoice where invoice_date >= now() - interval '30 days'")]
    [InlineData(Pg, "select cast(total as double precision) as t, '{1,2}'::int[] from invoice")]
    [InlineData(Pg, "select coalesce(composer, 'unknown') as composer from track")]
    [InlineData(Pg, "select now() at time zone 'utc', current_timestamp, current_date, localtimestamp, current_user")]
    [InlineData(Pg, "select a.title from album a where a.title ~* @p order by a.title collate \"C\"")]
    [InlineData(Pg, "select name from track where name is not distinct from @name and composer is null and bytes between 1 and 2")]
    [InlineData(Pg, "select track_id from track where genre_id = any(@ids) and album_id = $1 and name is not null")]
    [InlineData(Pg, "select row_to_json(a), a from album a")]
    [InlineData(Pg, "select xmin, ctid, tableoid from album")]
    [InlineData(Pg, "select date '2024-01-01', timestamp '2024-01-01 00:00', interval '1' day from album")]
    [InlineData(Pg, "select x from unnest(@ids::int[]) as x")]
    [InlineData(Pg, "select * from generate_series(1, 10) as g(n) join track t on t.track_id = g.n")]
    [InlineData(Pg, "select name from genre where genre_id = @id::int for update skip locked")]
    [InlineData(Pg, "select 1")]
    [InlineData(Pg, "select exists(select 1 from album where album_id = @id)")]
    // DML
    [InlineData(Pg, "insert into genre (genre_id, name) values (@id, @name) on conflict (genre_id) do update set name = excluded.name returning *")]
    [InlineData(Pg, "insert into genre as g (genre_id, name) values (@id, @name) on conflict (genre_id) do update set name = excluded.name where g.name is distinct from excluded.name")]
    [InlineData(Pg, "insert into genre (genre_id, name) values (@id, @name) on conflict do nothing")]
    [InlineData(Pg, "insert into genre (genre_id, name) values (@id, @name) on conflict on constraint genre_pkey do nothing")]
    [InlineData(Pg, "insert into playlist (playlist_id, name) select max(playlist_id) + 1, @name from playlist returning playlist_id")]
    [InlineData(Pg, "insert into genre default values")]
    [InlineData(Pg, "update album set title = @title where album_id = @id returning album_id, title")]
    [InlineData(Pg, "update album set (title, artist_id) = (@title, @artist) where album_id = @id")]
    [InlineData(Pg, "update invoice set total = s.total from (select invoice_id, sum(unit_price * quantity) as total from invoice_line group by invoice_id) s where s.invoice_id = invoice.invoice_id")]
    [InlineData(Pg, "update track t set unit_price = t.unit_price * 1.1 from album a where a.album_id = t.album_id and a.artist_id = @artist")]
    [InlineData(Pg, "delete from invoice_line il using invoice i where il.invoice_id = i.invoice_id and i.customer_id = @customerId")]
    [InlineData(Pg, "delete from playlist_track where playlist_id = @id returning track_id")]
    [InlineData(Pg, "with gone as (delete from playlist_track where playlist_id = @id returning track_id) select count(*) from gone")]
    // SQLite dialect
    [InlineData(Sqlite, "SELECT * FROM Album")]
    [InlineData(Sqlite, "SELECT a.Title, ar.Name FROM Album a JOIN Artist ar ON ar.ArtistId = a.ArtistId")]
    [InlineData(Sqlite, "select name from artist where artistid = @id")]
    [InlineData(Sqlite, "SELECT [Name] FROM [Artist] WHERE [ArtistId] = @id")]
    [InlineData(Sqlite, "SELECT `Name` FROM `Artist`")]
    [InlineData(Sqlite, "SELECT Name AS n FROM Artist WHERE n LIKE 'A%'")]
    [InlineData(Sqlite, "SELECT * FROM Artist WHERE Name = \"AC/DC\"")]
    [InlineData(Sqlite, "SELECT rowid, _rowid_, * FROM Track WHERE rowid = @r")]
    [InlineData(Sqlite, "SELECT value FROM json_each(@json)")]
    [InlineData(Sqlite, "SELECT t.Name FROM Track t, json_each(@ids) j WHERE t.TrackId = j.value")]
    [InlineData(Sqlite, "SELECT strftime('%Y', InvoiceDate) AS y, total(Total) FROM Invoice GROUP BY y")]
    [InlineData(Sqlite, "SELECT Name FROM Track WHERE Name = @n COLLATE NOCASE AND Composer GLOB 'A*'")]
    [InlineData(Sqlite, "SELECT CAST(Total AS TEXT), iif(BillingState IS NULL, 'n/a', BillingState) FROM Invoice")]
    [InlineData(Sqlite, "SELECT GenreId, COUNT(*) c FROM Track GROUP BY GenreId HAVING c > 10 ORDER BY c DESC")]
    [InlineData(Sqlite, "SELECT e.FirstName, m.FirstName FROM Employee e LEFT JOIN Employee m ON m.EmployeeId = e.ReportsTo")]
    [InlineData(Sqlite, "INSERT INTO Genre (GenreId, Name) VALUES (@id, @name) ON CONFLICT (GenreId) DO UPDATE SET Name = excluded.Name RETURNING *")]
    [InlineData(Sqlite, "INSERT OR REPLACE INTO Genre (GenreId, Name) VALUES (@id, @name)")]
    [InlineData(Sqlite, "REPLACE INTO Genre (GenreId, Name) VALUES (@id, @name)")]
    [InlineData(Sqlite, "UPDATE Track SET UnitPrice = UnitPrice * 1.1 WHERE AlbumId = @albumId")]
    [InlineData(Sqlite, "UPDATE OR IGNORE Track SET Name = :name WHERE TrackId = ?1")]
    [InlineData(Sqlite, "DELETE FROM PlaylistTrack WHERE PlaylistId = @id")]
    [InlineData(Sqlite, "SELECT last_insert_rowid()")]
    [InlineData(Sqlite, "SELECT * FROM Track WHERE TrackId IN PlaylistTrack")]
    // System catalogs
    [InlineData(Pg, "select tablename from pg_tables where schemaname = 'public'")]
    [InlineData(Pg, "select column_name from information_schema.columns c where c.table_name = @t")]
    [InlineData(Pg, "select relname from pg_catalog.pg_class")]
    [InlineData(Sqlite, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    [InlineData(Sqlite, "SELECT name FROM sqlite_schema")]
    // Statements the checker does not read
    [InlineData(Pg, "create table foo (x int)")]
    [InlineData(Sqlite, "PRAGMA table_info(Album)")]
    [InlineData(Pg, "merge into album a using artist ar on ar.artist_id = a.artist_id when matched then update set nope = 1")]
    [InlineData(Pg, "explain select nope from album")]
    [InlineData(Pg, "select 1; select nope from album")]
    [InlineData(Pg, "select nope from (album a join artist ar on true)")]
    [InlineData(Pg, "select 'unterminated from nope")]
    public void Valid_sql_gives_no_findings(string dialect, string sql)
    {
        SchemaCheckResult result = SchemaChecker.CheckOrThrow(sql, Schema(dialect));

        Assert.True(result.Findings.Count == 0, Describe(result));
    }

    // ---- Invalid SQL: the exact finding -------------------------------------------------------------------

    [Theory]
    [InlineData(Pg, "select * from albums", SchemaFindingKind.UnknownTable, "albums", 14)]
    [InlineData(Pg, "select titel from album", SchemaFindingKind.UnknownColumn, "titel", 7)]
    [InlineData(Pg, "select a.titel from album a", SchemaFindingKind.UnknownColumn, "titel", 9)]
    [InlineData(Pg, "select a.title from album a join artst ar on ar.artist_id = a.artist_id", SchemaFindingKind.UnknownTable, "artst", 33)]
    [InlineData(Pg, "select a.title from album a join artist ar on ar.artistid = a.artist_id", SchemaFindingKind.UnknownColumn, "artistid", 49)]
    [InlineData(Pg, "select * from album where artistid = @id", SchemaFindingKind.UnknownColumn, "artistid", 26)]
    [InlineData(Pg, "select name from artist ar join genre g on g.genre_id = ar.artist_id", SchemaFindingKind.AmbiguousColumn, "name", 7)]
    [InlineData(Pg, "insert into genre (genre_id, nam) values (@id, @name)", SchemaFindingKind.UnknownColumn, "nam", 29)]
    [InlineData(Pg, "insert into genres (genre_id) values (@id)", SchemaFindingKind.UnknownTable, "genres", 12)]
    [InlineData(Pg, "update album set titel = @t where album_id = @id", SchemaFindingKind.UnknownColumn, "titel", 17)]
    [InlineData(Pg, "update album set title = @t where albumid = @id", SchemaFindingKind.UnknownColumn, "albumid", 34)]
    [InlineData(Pg, "delete from invoice where totl > 10", SchemaFindingKind.UnknownColumn, "totl", 26)]
    [InlineData(Pg, "delete from invoice_lines where invoice_id = @id", SchemaFindingKind.UnknownTable, "invoice_lines", 12)]
    [InlineData(Pg, "insert into genre (genre_id, name) values (@id, @name) on conflict (genre_id) do update set name = excluded.nme", SchemaFindingKind.UnknownColumn, "nme", 108)]
    [InlineData(Pg, "insert into genre (genre_id, name) values (@id, @name) on conflict (genreid) do nothing", SchemaFindingKind.UnknownColumn, "genreid", 68)]
    [InlineData(Pg, "select * from album where artist_id in (select artistid from artist)", SchemaFindingKind.UnknownColumn, "artistid", 47)]
    [InlineData(Pg, "with x as (select * from album) select * from x join artst on true", SchemaFindingKind.UnknownTable, "artst", 53)]
    [InlineData(Pg, "select a.title from album a order by a.titl", SchemaFindingKind.UnknownColumn, "titl", 39)]
    [InlineData(Pg, "select count(*) from track group by albumid", SchemaFindingKind.UnknownColumn, "albumid", 36)]
    [InlineData(Pg, "select album_id from track group by album_id having max(milisecond) > 2", SchemaFindingKind.UnknownColumn, "milisecond", 56)]
    [InlineData(Pg, "update album set title = @t where album_id = @id returning titel", SchemaFindingKind.UnknownColumn, "titel", 59)]
    [InlineData(Pg, "select public.album.titel from public.album", SchemaFindingKind.UnknownColumn, "titel", 20)]
    [InlineData(Pg, "select * from public.albumz", SchemaFindingKind.UnknownTable, "albumz", 21)]
    [InlineData(Pg, "select t.name from track t where exists (select 1 from album a where a.album_id = t.albumid)", SchemaFindingKind.UnknownColumn, "albumid", 84)]
    [InlineData(Pg, "select t.name from track t left join album a on a.album_id = t.album_id where a.name = @n", SchemaFindingKind.UnknownColumn, "name", 80)]
    [InlineData(Pg, "select (select max(totl) from invoice i where i.customer_id = c.customer_id) from customer c", SchemaFindingKind.UnknownColumn, "totl", 19)]
    [InlineData(Pg, "with recent as (select * from invoice) select c.first_nam from customer c join recent r on r.customer_id = c.customer_id", SchemaFindingKind.UnknownColumn, "first_nam", 48)]
    [InlineData(Pg, "select cast(totl as text) from invoice", SchemaFindingKind.UnknownColumn, "totl", 12)]
    [InlineData(Pg, "select extract(year from invoice_dat) from invoice", SchemaFindingKind.UnknownColumn, "invoice_dat", 25)]
    [InlineData(Pg, "select name, row_number() over (partition by genreid order by name) from track", SchemaFindingKind.UnknownColumn, "genreid", 45)]
    [InlineData(Pg, "update invoice set total = s.total from invoice_lin s where s.invoice_id = invoice.invoice_id", SchemaFindingKind.UnknownTable, "invoice_lin", 40)]
    [InlineData(Pg, "delete from invoice_line il using invoice i where il.invoice_id = i.invoice_id and i.totl > 1", SchemaFindingKind.UnknownColumn, "totl", 85)]
    [InlineData(Sqlite, "SELECT [Titel] FROM [Album]", SchemaFindingKind.UnknownColumn, "Titel", 7)]
    [InlineData(Sqlite, "SELECT Name FROM Artist a JOIN Genre g ON g.GenreId = a.ArtistId", SchemaFindingKind.AmbiguousColumn, "Name", 7)]
    [InlineData(Sqlite, "SELECT a.Title FROM Album a WHERE a.`ArtistID` = @id AND a.ArtistName = @name", SchemaFindingKind.UnknownColumn, "ArtistName", 59)]
    [InlineData(Sqlite, "INSERT INTO Genre (GenreId, Name) VALUES (@id, @name) ON CONFLICT (GenreId) DO UPDATE SET Nam = excluded.Name", SchemaFindingKind.UnknownColumn, "Nam", 90)]
    [InlineData(Sqlite, "SELECT * FROM Tracks", SchemaFindingKind.UnknownTable, "Tracks", 14)]
    [InlineData(Sqlite, "UPDATE Track SET UnitPrice = UnitPrice * 1.1 WHERE Album_Id = @id", SchemaFindingKind.UnknownColumn, "Album_Id", 51)]
    public void Invalid_sql_gives_the_exact_finding(string dialect, string sql, object kind, string name, int offset)
    {
        // `object`: the enum is internal and a public test method cannot take it.
        SchemaCheckResult result = SchemaChecker.CheckOrThrow(sql, Schema(dialect));

        SchemaFinding finding = Assert.Single(result.Findings);
        Assert.Equal(((SchemaFindingKind)kind, name, offset), (finding.Kind, finding.Name, finding.Offset));
        Assert.Equal(name, sql.Substring(finding.Offset, finding.Length).Trim('[', ']', '"', '`'));
    }

    [Fact]
    public void Findings_name_the_table_and_say_what_is_wrong()
    {
        SchemaCheckResult result = SchemaChecker.CheckOrThrow(
            "select a.titel, nope, name from album a join artist ar on ar.artist_id = a.artist_id join albm x on true",
            ChinookSchemas.PostgreSql);

        Assert.Equal(
            [
                "UnknownColumn titel album: Column 'titel' does not exist in table 'album' (alias 'a').",
                "UnknownTable albm : Table 'albm' does not exist in the schema.",
            ],
            result.Findings.Select(f => $"{f.Kind} {f.Name} {f.Table}: {f.Message}"));
    }

    [Fact]
    public void An_unknown_unqualified_column_lists_the_tables_it_was_looked_up_in()
    {
        SchemaCheckResult result = SchemaChecker.CheckOrThrow(
            "select nope from album a join artist ar on ar.artist_id = a.artist_id",
            ChinookSchemas.PostgreSql);

        SchemaFinding finding = Assert.Single(result.Findings);
        Assert.Null(finding.Table);
        Assert.Equal("Column 'nope' does not exist in any table in scope (album, artist).", finding.Message);
    }

    [Fact]
    public void An_ambiguous_column_names_its_owners()
    {
        SchemaCheckResult result = SchemaChecker.CheckOrThrow("select name from artist ar join genre g on true", ChinookSchemas.PostgreSql);

        Assert.Equal(
            "Column reference 'name' is ambiguous: it exists in ar, g. Qualify it with a table name or alias.",
            Assert.Single(result.Findings).Message);
    }

    [Fact]
    public void Several_mistakes_are_all_reported_in_text_order()
    {
        const string sql = "select titel, a.nope from album a where artst_id = 1 order by a.title";

        SchemaCheckResult result = SchemaChecker.CheckOrThrow(sql, ChinookSchemas.PostgreSql);

        Assert.Equal(
            [("titel", 7), ("nope", 16), ("artst_id", 40)],
            result.Findings.Select(f => (f.Name, f.Offset)));
    }

    [Fact]
    public void A_view_is_a_known_relation_and_its_recovered_columns_are_checked()
    {
        SchemaModel schema = SchemaParser.Parse("s.sql", """
            CREATE TABLE album (album_id int NOT NULL, title text NOT NULL);
            CREATE VIEW album_titles AS SELECT album_id, title AS name FROM album;
            CREATE VIEW everything AS SELECT * FROM album;
            """);

        Assert.Empty(SchemaChecker.CheckOrThrow("select v.name, e.whatever from album_titles v, everything e", schema).Findings);
        Assert.Equal(
            ["title"],
            SchemaChecker.CheckOrThrow("select v.title from album_titles v", schema).Findings.Select(f => f.Name));
    }

    [Fact]
    public void An_empty_schema_checks_nothing()
    {
        SchemaModel empty = SchemaParser.Parse("s.sql", "-- nothing yet");

        Assert.Equal(SchemaCheckResult.Empty, SchemaChecker.CheckOrThrow("select nope from nowhere", empty));
    }

    [Fact]
    public void A_cte_shadows_a_table_of_the_same_name()
    {
        Assert.Empty(SchemaChecker.CheckOrThrow(
            "with album as (select 1 as whatever) select whatever from album",
            ChinookSchemas.PostgreSql).Findings);
    }

    [Fact]
    public void A_table_with_unknown_columns_suppresses_unqualified_column_findings()
    {
        SchemaModel schema = SchemaParser.Parse("s.sql", "CREATE TABLE known (a int); CREATE VIRTUAL TABLE docs USING fts5(body);");

        Assert.Empty(SchemaChecker.CheckOrThrow("select body, a from known, docs where docs match @q", schema).Findings);
        Assert.Equal(
            ["nope"],
            SchemaChecker.CheckOrThrow("select known.nope from known, docs", schema).Findings.Select(f => f.Name));
    }
}
