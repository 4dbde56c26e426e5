using System.Diagnostics;
using Sqlmint.Generator.Schema;
using Xunit.Abstractions;

namespace Sqlmint.GeneratorTests.Schema;

public class SchemaParserTests
{
    private readonly ITestOutputHelper _output;

    public SchemaParserTests(ITestOutputHelper output) => _output = output;

    private static TableInfo Table(SchemaModel model, string name, string? schema = null) =>
        model.FindTable(name, schema) ?? throw new Xunit.Sdk.XunitException($"Table {name} not found; have {string.Join(", ", model.Tables.Select(t => t.Name))}.");

    private static ColumnInfo Column(TableInfo table, string name) =>
        table.FindColumn(name) ?? throw new Xunit.Sdk.XunitException($"Column {table.Name}.{name} not found; have {string.Join(", ", table.Columns.Select(c => c.Name))}.");

    /// <summary>"Name:Type?" for each column, '?' marking nullable ones.</summary>
    private static string Shape(TableInfo table) =>
        string.Join(", ", table.Columns.Select(c => $"{c.Name}:{c.Type}{(c.IsNullable ? "?" : "")}"));

    // ---- Chinook -------------------------------------------------------------------------------------------

    [Fact]
    public void Chinook_sqlite_has_the_eleven_tables_with_their_columns()
    {
        SchemaModel model = ChinookSchemas.Sqlite;

        Assert.Empty(model.Problems);
        Assert.Equal(
            ["Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track"],
            model.Tables.Select(t => t.Name));
        Assert.All(model.Tables, t => Assert.True(t.ColumnsKnown));
        Assert.All(model.Tables, t => Assert.Null(t.Schema));
        Assert.Equal("AlbumId:INTEGER, Title:NVARCHAR(160), ArtistId:INTEGER", Shape(Table(model, "Album")));
        Assert.Equal(
            "TrackId:INTEGER, Name:NVARCHAR(200), AlbumId:INTEGER?, MediaTypeId:INTEGER, GenreId:INTEGER?, Composer:NVARCHAR(220)?, "
            + "Milliseconds:INTEGER, Bytes:INTEGER?, UnitPrice:NUMERIC(10,2)",
            Shape(Table(model, "Track")));
        Assert.Equal("PlaylistId:INTEGER, TrackId:INTEGER", Shape(Table(model, "PlaylistTrack")));
        Assert.Equal(
            [3, 2, 13, 15, 2, 9, 5, 2, 2, 2, 9],
            model.Tables.Select(t => t.Columns.Count));
        Assert.Equal(
            "EmployeeId:INTEGER, LastName:NVARCHAR(20), FirstName:NVARCHAR(20), Title:NVARCHAR(30)?, ReportsTo:INTEGER?, "
            + "BirthDate:DATETIME?, HireDate:DATETIME?, Address:NVARCHAR(70)?, City:NVARCHAR(40)?, State:NVARCHAR(40)?, "
            + "Country:NVARCHAR(40)?, PostalCode:NVARCHAR(10)?, Phone:NVARCHAR(24)?, Fax:NVARCHAR(24)?, Email:NVARCHAR(60)?",
            Shape(Table(model, "Employee")));
    }

    [Fact]
    public void Chinook_sqlite_nullability_matches_the_script()
    {
        TableInfo track = Table(ChinookSchemas.Sqlite, "Track");

        Assert.True(Column(track, "Composer").IsNullable);
        Assert.False(Column(track, "Name").IsNullable);
        Assert.False(Column(track, "TrackId").IsNullable);
        Assert.True(Column(Table(ChinookSchemas.Sqlite, "Artist"), "Name").IsNullable);
        Assert.False(Column(Table(ChinookSchemas.Sqlite, "Customer"), "Email").IsNullable);
        Assert.True(Column(Table(ChinookSchemas.Sqlite, "Customer"), "Company").IsNullable);
    }

    [Fact]
    public void Chinook_postgresql_has_the_eleven_tables_with_their_columns()
    {
        SchemaModel model = ChinookSchemas.PostgreSql;

        Assert.Empty(model.Problems);
        Assert.Equal(
            ["album", "artist", "customer", "employee", "genre", "invoice", "invoice_line", "media_type", "playlist", "playlist_track", "track"],
            model.Tables.Select(t => t.Name));
        Assert.Equal(
            [3, 2, 13, 15, 2, 9, 5, 2, 2, 2, 9],
            model.Tables.Select(t => t.Columns.Count));
        Assert.Equal(
            "track_id:INT, name:VARCHAR(200), album_id:INT?, media_type_id:INT, genre_id:INT?, composer:VARCHAR(220)?, "
            + "milliseconds:INT, bytes:INT?, unit_price:NUMERIC(10,2)",
            Shape(Table(model, "track")));
        Assert.Equal(
            "invoice_id:INT, customer_id:INT, invoice_date:TIMESTAMP, billing_address:VARCHAR(70)?, billing_city:VARCHAR(40)?, "
            + "billing_state:VARCHAR(40)?, billing_country:VARCHAR(40)?, billing_postal_code:VARCHAR(10)?, total:NUMERIC(10,2)",
            Shape(Table(model, "invoice")));
        Assert.True(Column(Table(model, "track"), "composer").IsNullable);
        Assert.False(Column(Table(model, "track"), "name").IsNullable);
    }

    [Fact]
    public void Chinook_lookups_ignore_case()
    {
        Assert.Equal("Track", ChinookSchemas.Sqlite.FindTable("TRACK")?.Name);
        Assert.Equal("composer", ChinookSchemas.PostgreSql.FindTable("Track")?.FindColumn("Composer")?.Name);
        Assert.Equal("album", ChinookSchemas.PostgreSql.FindTable("album", "public")?.Name);
    }

    [Fact]
    public void Parsing_the_chinook_scripts_reports_its_time_and_does_linear_work()
    {
        string sqlite = ChinookSchemas.SqliteText;
        string postgreSql = ChinookSchemas.PostgreSqlText;
        SchemaParser.Parse("warm-up.sql", "create table t (a int)");

        // No timing assertion: test machines are too noisy. The step count below is the deterministic guard.
        SchemaModel model = null!;
        long steps = 0;
        for (int run = 1; run <= 5; run++)
        {
            var watch = Stopwatch.StartNew();
            model = SchemaParser.ParseCountingSteps([("a.sql", sqlite), ("b.sql", postgreSql)], out steps);
            watch.Stop();
            _output.WriteLine($"Run {run}: parsed {sqlite.Length + postgreSql.Length:N0} characters in {watch.Elapsed.TotalMilliseconds:F1} ms ({steps:N0} steps).");
        }

        // Names compare ignoring case, so eight PostgreSQL tables replace their SQLite namesakes; InvoiceLine,
        // MediaType and PlaylistTrack differ from invoice_line, media_type and playlist_track.
        Assert.Equal(14, model.Tables.Count);
        Assert.InRange(steps, 1, 3L * (sqlite.Length + postgreSql.Length));

        // Twice the script is twice the work, give or take the DDL.
        SchemaParser.ParseCountingSteps([("a.sql", sqlite + "\n" + sqlite)], out long doubled);
        SchemaParser.ParseCountingSteps([("a.sql", sqlite)], out long single);
        Assert.InRange(doubled, 2 * single - 100, 2 * single + 100);
    }

    [Fact]
    public void Insert_rows_are_not_lexed()
    {
        // One CREATE TABLE and a large INSERT: the steps stay about one per character of the INSERT.
        string rows = string.Join(",\n", Enumerable.Range(0, 5000).Select(i => $"    ({i}, N'Name ''{i}''; create table x (y int)')"));
        string script = "CREATE TABLE t (id INT NOT NULL, name TEXT);\nINSERT INTO t (id, name) VALUES\n" + rows + ";";

        SchemaModel model = SchemaParser.ParseCountingSteps([("s.sql", script)], out long steps);

        Assert.Equal(["t"], model.Tables.Select(t => t.Name));
        Assert.InRange(steps, script.Length / 4, 2L * script.Length);
    }

    // ---- Statements the parser skips ------------------------------------------------------------------------

    [Fact]
    public void Skips_comments_strings_psql_commands_and_other_statements()
    {
        const string script = """
            -- create table commented_out (a int);
            /* create table /* nested */ commented_out2 (a int); */
            \c chinook;
              \set ON_ERROR_STOP on
            CREATE DATABASE chinook;
            INSERT INTO t VALUES ('it''s; create table in_string (a int)');
            INSERT INTO t VALUES (E'it\'s; create table in_e_string (a int)');
            CREATE FUNCTION f() RETURNS void AS $body$ select 1; create table in_dollar (a int); $body$ LANGUAGE sql;
            CREATE INDEX ix ON t (a);
            CREATE TABLE real_one (a int);
            """;

        SchemaModel model = SchemaParser.Parse("s.sql", script);

        Assert.Equal(["real_one"], model.Tables.Select(t => t.Name));
        Assert.Empty(model.Problems);
    }

    [Fact]
    public void Reads_a_pg_dump_with_copy_data()
    {
        const string script = """
            SET statement_timeout = 0;
            SELECT pg_catalog.set_config('search_path', '', false);
            CREATE TABLE public.album (
                album_id integer NOT NULL,
                title character varying(160)
            );
            ALTER TABLE public.album OWNER TO postgres;
            COPY public.album (album_id, title) FROM stdin;
            1	Rock 'n' Roll; create table in_copy (a int)
            2	It's \. not the end
            \.
            ALTER TABLE ONLY public.album ADD CONSTRAINT album_pkey PRIMARY KEY (album_id);
            ALTER TABLE ONLY public.album ALTER COLUMN title SET NOT NULL;
            """;

        SchemaModel model = SchemaParser.Parse("dump.sql", script);

        TableInfo album = Assert.Single(model.Tables);
        Assert.Equal("public", album.Schema);
        Assert.Equal("album_id:integer, title:character varying(160)", Shape(album));
    }

    [Fact]
    public void A_backslash_line_ends_a_statement_without_a_semicolon()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", "CREATE TABLE a (x int)\n\\g\nCREATE TABLE b (y int)");

        Assert.Equal(["a", "b"], model.Tables.Select(t => t.Name));
    }

    // ---- CREATE TABLE -------------------------------------------------------------------------------------

    [Fact]
    public void Reads_quoted_identifiers_of_every_dialect()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """"
            CREATE TABLE "Order Items" ("Item ""Id""" int, [Unit Price] real, `Qty` int);
            """");

        Assert.Equal("Item \"Id\":int?, Unit Price:real?, Qty:int?", Shape(Table(model, "order items")));
    }

    [Fact]
    public void If_not_exists_keeps_the_first_definition_and_a_plain_create_replaces_it()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE IF NOT EXISTS a (x int);
            CREATE TABLE IF NOT EXISTS a (y int);
            CREATE TABLE b (x int);
            CREATE TABLE b (y int);
            """);

        Assert.Equal("x:int?", Shape(Table(model, "a")));
        Assert.Equal("y:int?", Shape(Table(model, "b")));
    }

    [Fact]
    public void Reads_schema_qualified_names()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", "CREATE TABLE public.album (id int); CREATE TABLE main.\"Track\" (id int);");

        TableInfo album = Table(model, "album");
        Assert.Equal("public", album.Schema);
        Assert.Same(album, model.FindTable("album", "public"));
        Assert.Null(model.FindTable("album", "sales"));
        Assert.Equal("main", Table(model, "track").Schema);
    }

    [Fact]
    public void Reads_column_constraints()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE t (
                a integer PRIMARY KEY,
                b text NOT NULL DEFAULT ('x' || 'y'),
                c text NULL,
                d int DEFAULT NULL NOT NULL,
                e int REFERENCES other (id) ON DELETE SET NULL ON UPDATE SET DEFAULT,
                f int CHECK (f > 0 AND f IS NOT NULL),
                g bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 1),
                h bigint GENERATED BY DEFAULT AS IDENTITY,
                i text COLLATE "C" NOT NULL,
                j int GENERATED ALWAYS AS (a * 2) STORED,
                k bigserial,
                l int CONSTRAINT l_positive CHECK (l > 0) CONSTRAINT l_not_null NOT NULL,
                m int NOT NULL ON CONFLICT REPLACE,
                n timestamptz DEFAULT now() NOT NULL,
                o int NOT DEFERRABLE,
                p text DEFAULT 'a;b' NOT NULL
            );
            """);

        Assert.Equal(
            "a:integer, b:text, c:text?, d:int, e:int?, f:int?, g:bigint, h:bigint, i:text, j:int?, k:bigserial, l:int, "
            + "m:int, n:timestamptz, o:int?, p:text",
            Shape(Table(model, "t")));
    }

    [Fact]
    public void Reads_table_constraints_and_a_composite_primary_key_makes_its_columns_not_null()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE pt (
                playlist_id int,
                track_id int,
                note text,
                CONSTRAINT pk PRIMARY KEY (playlist_id, "track_id"),
                FOREIGN KEY (playlist_id) REFERENCES playlist (id) ON DELETE CASCADE,
                UNIQUE (note),
                CHECK (note <> '')
            );
            CREATE TABLE q (a int, b int, PRIMARY KEY (a));
            """);

        Assert.Equal("playlist_id:int, track_id:int, note:text?", Shape(Table(model, "pt")));
        Assert.Equal("a:int, b:int?", Shape(Table(model, "q")));
    }

    [Fact]
    public void Reads_parameterized_and_multiword_types()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE t (
                a character varying(40),
                b double precision,
                c timestamp with time zone,
                d NUMERIC(10, 2),
                e int[],
                f timestamp(3) without time zone NOT NULL,
                g pg_catalog.int4,
                h varchar(10)[][],
                i,
                j UNSIGNED BIG INT,
                k interval day to second,
                "l" "char"
            );
            """);

        Assert.Equal(
            "a:character varying(40)?, b:double precision?, c:timestamp with time zone?, d:NUMERIC(10,2)?, e:int[]?, "
            + "f:timestamp(3) without time zone, g:pg_catalog.int4?, h:varchar(10)[][]?, i:?, j:UNSIGNED BIG INT?, "
            + "k:interval day to second?, l:\"char\"?",
            Shape(Table(model, "t")));
    }

    [Fact]
    public void A_table_without_a_readable_column_list_has_unknown_columns()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE VIRTUAL TABLE docs USING fts5(title, body);
            CREATE TABLE child (extra int) INHERITS (parent);
            CREATE TABLE copy (LIKE original INCLUDING ALL);
            CREATE TABLE part PARTITION OF measurements FOR VALUES FROM (1) TO (2);
            """);

        Assert.All(model.Tables, t => Assert.False(t.ColumnsKnown));
        Assert.Equal(4, model.Tables.Count);
        Assert.Empty(model.Problems);
    }

    [Fact]
    public void Create_table_as_takes_the_query_columns()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE a AS SELECT id, name AS title FROM src;
            CREATE TABLE b AS SELECT count(*) FROM src;
            CREATE TABLE c (x, y) AS SELECT 1, 2;
            """);

        TableInfo a = Table(model, "a");
        Assert.True(a.ColumnsKnown && a.IsDerived);
        Assert.Equal("id:?, title:?", Shape(a));
        Assert.False(Table(model, "b").ColumnsKnown);
        Assert.Equal("x:?, y:?", Shape(Table(model, "c")));
    }

    // ---- Views --------------------------------------------------------------------------------------------

    [Fact]
    public void Views_take_their_columns_from_the_scanner_or_are_unknown()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE VIEW album_view AS SELECT a.album_id, a.title, ar.name AS artist FROM album a JOIN artist ar USING (artist_id);
            CREATE OR REPLACE VIEW star_view AS SELECT * FROM album;
            CREATE VIEW IF NOT EXISTS named_view (x, y) AS SELECT 1, 2;
            CREATE TEMP VIEW expr_view AS SELECT count(*) FROM album;
            CREATE MATERIALIZED VIEW mat_view AS SELECT title FROM album;
            CREATE VIEW opts_view WITH (security_barrier) AS SELECT title FROM album;
            """);

        TableInfo albumView = Table(model, "album_view");
        Assert.True(albumView.ColumnsKnown);
        Assert.True(albumView.IsDerived);
        Assert.Equal(["album_id", "title", "artist"], albumView.Columns.Select(c => c.Name));
        Assert.False(Table(model, "star_view").ColumnsKnown);
        Assert.Equal(["x", "y"], Table(model, "named_view").Columns.Select(c => c.Name));
        Assert.False(Table(model, "expr_view").ColumnsKnown);
        Assert.Equal(["title"], Table(model, "mat_view").Columns.Select(c => c.Name));
        Assert.Equal(["title"], Table(model, "opts_view").Columns.Select(c => c.Name));
    }

    // ---- ALTER and DROP -----------------------------------------------------------------------------------

    [Fact]
    public void Alter_table_adds_renames_drops_and_alters_columns()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE t (a int, b int, c int, d int);
            ALTER TABLE t ADD COLUMN e text NOT NULL DEFAULT '';
            ALTER TABLE t ADD f int;
            ALTER TABLE IF EXISTS ONLY t ADD COLUMN IF NOT EXISTS a bigint;
            ALTER TABLE t RENAME COLUMN b TO bee;
            ALTER TABLE t RENAME c TO sea;
            ALTER TABLE t DROP COLUMN d;
            ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN e DROP NOT NULL, ALTER f TYPE numeric(5, 1) USING f::numeric;
            ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (bee), ADD CONSTRAINT fk FOREIGN KEY (sea) REFERENCES u (id);
            ALTER TABLE t ADD CHECK (a > 0);
            ALTER TABLE missing ADD COLUMN z int;
            """);

        Assert.Equal("a:int, bee:int, sea:int?, e:text?, f:numeric(5,1)?", Shape(Table(model, "t")));
        Assert.Single(model.Tables);
    }

    [Fact]
    public void Alter_table_renames_and_moves_the_table()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE old_name (a int);
            ALTER TABLE old_name RENAME TO new_name;
            ALTER TABLE new_name SET SCHEMA archive;
            """);

        Assert.Null(model.FindTable("old_name"));
        Assert.Equal("archive", Table(model, "new_name").Schema);
    }

    [Fact]
    public void Drop_table_and_view_remove_them()
    {
        SchemaModel model = SchemaParser.Parse("s.sql", """
            CREATE TABLE a (x int); CREATE TABLE b (x int); CREATE TABLE c (x int);
            CREATE VIEW v AS SELECT x FROM a;
            DROP TABLE IF EXISTS a, "b" CASCADE;
            DROP VIEW v;
            DROP TABLE IF EXISTS never_created;
            """);

        Assert.Equal(["c"], model.Tables.Select(t => t.Name));
    }

    // ---- Several files ------------------------------------------------------------------------------------

    [Fact]
    public void Files_are_parsed_in_path_order_so_migrations_apply_to_earlier_tables()
    {
        SchemaModel model = SchemaParser.Parse([
            ("migrations/002_add_email.sql", "ALTER TABLE users ADD COLUMN email text NOT NULL;"),
            ("migrations/001_create.sql", "CREATE TABLE users (id int PRIMARY KEY);"),
            ("migrations/003_rename.sql", "ALTER TABLE users RENAME COLUMN email TO mail;"),
        ]);

        Assert.Equal("id:int, mail:text", Shape(Table(model, "users")));
    }

    [Fact]
    public void Merge_combines_models_and_later_tables_win()
    {
        SchemaModel first = SchemaParser.Parse("a.sql", "CREATE TABLE a (x int); CREATE TABLE shared (old int);");
        SchemaModel second = SchemaParser.Parse("b.sql", "CREATE TABLE b (y int); CREATE TABLE shared (new int); CREATE TABLE broken (, );");

        SchemaModel merged = SchemaModel.Merge([first, second]);

        Assert.Equal(["a", "b", "shared", "broken"], merged.Tables.Select(t => t.Name));
        Assert.Equal("new:int?", Shape(Table(merged, "shared")));
        Assert.All(merged.Problems, p => Assert.Equal("b.sql", p.Path));
    }

    // ---- Problems and robustness --------------------------------------------------------------------------

    [Fact]
    public void Unreadable_create_table_statements_become_problems_with_offsets()
    {
        const string script = "CREATE TABLE ok (a int);\nCREATE TABLE t1 (a int, , b int);\nCREATE TABLE t2;\nCREATE TABLE t3 (42 int);\nCREATE TABLE (a int);";

        SchemaModel model = SchemaParser.Parse("bad.sql", script);

        Assert.Equal(
            [
                ("bad.sql", script.IndexOf(", b int", StringComparison.Ordinal)),
                ("bad.sql", script.IndexOf("t2;", StringComparison.Ordinal)),
                ("bad.sql", script.IndexOf("42", StringComparison.Ordinal)),
                ("bad.sql", script.LastIndexOf('(')),
            ],
            model.Problems.Select(p => (p.Path, p.Offset)));
        Assert.True(Table(model, "ok").ColumnsKnown);
        Assert.False(Table(model, "t1").ColumnsKnown);
        Assert.False(Table(model, "t2").ColumnsKnown);
        Assert.False(Table(model, "t3").ColumnsKnown);
        Assert.Equal(["ok", "t1", "t2", "t3"], model.Tables.Select(t => t.Name));
    }

    [Fact]
    public void An_unterminated_create_table_is_a_problem()
    {
        SchemaModel model = SchemaParser.Parse("bad.sql", "CREATE TABLE t (a int, b text DEFAULT 'x");

        Assert.NotEmpty(model.Problems);
        Assert.False(Table(model, "t").ColumnsKnown);
    }

    [Fact]
    public void Equal_scripts_give_equal_models_so_the_pipeline_can_cache_them()
    {
        SchemaModel a = SchemaParser.Parse(ChinookSchemas.PostgreSqlPath, ChinookSchemas.PostgreSqlText);
        SchemaModel b = SchemaParser.Parse(ChinookSchemas.PostgreSqlPath, ChinookSchemas.PostgreSqlText);
        SchemaModel changed = SchemaParser.Parse(ChinookSchemas.PostgreSqlPath, ChinookSchemas.PostgreSqlText + "\nALTER TABLE album ADD COLUMN year int;");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, changed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CREATE")]
    [InlineData("CREATE TABLE")]
    [InlineData("CREATE TABLE t (")]
    [InlineData("CREATE TABLE t (a")]
    [InlineData("CREATE TABLE t (a int,")]
    [InlineData("CREATE TABLE t ((((")]
    [InlineData("CREATE TABLE t ())))")]
    [InlineData("ALTER TABLE")]
    [InlineData("ALTER TABLE t")]
    [InlineData("ALTER TABLE t RENAME")]
    [InlineData("ALTER TABLE t ADD")]
    [InlineData("DROP TABLE")]
    [InlineData("CREATE VIEW v AS")]
    [InlineData("CREATE VIEW v (")]
    [InlineData("'unterminated")]
    [InlineData("$$ unterminated")]
    [InlineData("/* unterminated")]
    [InlineData("E'\\")]
    [InlineData("\\")]
    [InlineData("[")]
    public void Half_typed_scripts_do_not_throw(string script)
    {
        SchemaModel model = SchemaParser.Parse("s.sql", script + "\nCREATE TABLE t (a int);");

        Assert.NotNull(model);
        Assert.DoesNotContain(model.Problems, p => p.Message.StartsWith("The schema parser failed", StringComparison.Ordinal));
    }
}
