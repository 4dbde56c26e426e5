using Sqlmint.Generator.Sql;
using Xunit;

namespace Sqlmint.GeneratorTests.Sql;

public class SqlScannerTests
{
    /// <summary>
    /// SQL text, expected parameter names in order (comma-separated, "" for none), expected statement count,
    /// and expected columns of the first statement (comma-separated; null when they cannot be told).
    /// Much of it is lifted from the PostgreSQL and SQLite manuals. The property tests mutate this corpus.
    /// </summary>
    public static readonly TheoryData<string, string, int, string?> Cases = new()
    {
        // The basics.
        { "select album_id, title from album where artist_id = @artistId order by title", "artistId", 1, "album_id,title" },
        { "select count(*) from track where album_id = @albumId", "albumId", 1, null },
        { "update track set unit_price = @price where track_id = @trackId", "price,trackId", 1, null },
        { "select id from t where id=@id", "id", 1, "id" },
        { "select @a, @a, @b", "a,a,b", 1, null },
        { "select @a+@b as s", "a,b", 1, "s" },

        // String literals.
        { "select 'O''Reilly' as name, @id as id", "id", 1, "name,id" },
        { "select * from t where name = 'it''s @notparam'", "", 1, null },
        { "select email from users where email = 'a@b.com' and x=@x", "x", 1, "email" },
        { @"select E'it\'s @no' as s, @yes as y", "yes", 1, "s,y" },
        { @"select e'\\' as a, @p as b", "p", 1, "a,b" },
        { @"select E'\'' as q, 'x\' as plain, @after as a", "after", 1, "q,plain,a" },
        { "select N'abc @n' as s, x'FF' as blob, B'0101' as bits", "", 1, "s,blob,bits" },
        { @"select id from t where name like @pattern escape '\'", "pattern", 1, "id" },

        // Quoted identifiers: "x", [x], `x`.
        { "select \"weird @col\" from t where x = @x", "x", 1, "weird @col" },
        { "select \"a\"\"b\" as \"Foo\" from t", "", 1, "Foo" },
        { "select x as \"has \"\"quotes\"\"\" from t", "", 1, "has \"quotes\"" },
        { "select [Order Id], [@notparam] from [Order Details] where [Qty] > @min", "min", 1, "Order Id,@notparam" },
        { "select x from[t]where[a]=@a", "a", 1, "x" },
        { "select `key`, `a``b` from `t` where `v` = @v", "v", 1, "key,a`b" },
        { "SELECT A.Id AS \"Id\", B.\"Title\" FROM A JOIN B ON B.AId = A.Id WHERE A.Id = @Id", "Id", 1, "Id,Title" },
        { "select id, \"Name\" from \"Users\" where \"Email\" = @email and email_verified", "email", 1, "id,Name" },

        // Comments.
        { "select a -- @inline comment\nfrom t where b = @b", "b", 1, "a" },
        { "select * from t where a = @a -- trailing @b", "a", 1, null },
        { "/* outer /* inner @x */ still comment @y */ select @z as z", "z", 1, "z" },
        { "select 1;\n-- just a comment;\n/* another; */", "", 1, null },
        { "-- only a comment @x", "", 0, null },

        // PostgreSQL operators that contain '@', jsonb '?' operators, jsonpath.
        { "select data from docs where tags @> @wanted", "wanted", 1, "data" },
        { "select id from docs where tags <@ @allowed", "allowed", 1, "id" },
        { "select id from t where a <@b", "", 1, "id" },
        { "select id from docs where body_tsv @@ to_tsquery(@q)", "q", 1, "id" },
        { "select title from pgweb where to_tsvector('english', body) @@ to_tsquery('english', 'friend')", "", 1, "title" },
        { "select @@ROWCOUNT", "", 1, null },
        { "select a from t where tags ? 'x' and tags ?| array['a','b'] and doc @? '$.a[*] ? (@ > 1)'", "", 1, "a" },
        { "select jsonb_path_query(doc, '$.items[*] ? (@.price > $min)', jsonb_build_object('min', @min)) from t", "min", 1, null },
        { "select '{\"a\":1, \"b\":2}'::jsonb @> '{\"b\":2}'::jsonb as contained", "", 1, "contained" },

        // Casts.
        { "select @id::int as id", "id", 1, "id" },
        { "select x::int, 'x'::text as t from t", "", 1, "x,t" },
        { "select id::bigint from t where id = @id::bigint", "id", 1, "id" },
        { "select ts::timestamptz::date as d, n::numeric(10,2), tags::text[] from t", "", 1, "d,n,tags" },
        { "select x::double precision from t", "", 1, null },
        { "select $1::int as a, @b as b", "b", 1, "a,b" },

        // Dollar quotes.
        { "select $$ it's @notaparam; $$ as body, @real as r", "real", 1, "body,r" },
        { "select $a$ $b$ @no $b$ $a$ as q", "", 1, "q" },
        { "create function add(a int, b int) returns int as $fn$ begin return a + b; -- @no\nend; $fn$ language plpgsql", "", 1, null },
        { "DO $$ BEGIN RAISE NOTICE 'hi @x'; END $$;", "", 1, null },
        { "CREATE FUNCTION dup(int) RETURNS TABLE(f1 int, f2 text) AS $$ SELECT $1, CAST($1 AS text) || ' is text' $$ LANGUAGE SQL;", "", 1, null },
        { "select * from t where id = $1 and name = @name", "name", 1, null },

        // Arrays.
        { "select arr[1], arr[@i] from t", "i", 1, null },
        { "select array[@a, @b] as xs", "a,b", 1, "xs" },
        { "select a[1:2] as s, pay_by_quarter[3] q3 from sal_emp where pay_by_quarter[1] <> pay_by_quarter[2]", "", 1, "s,q3" },
        { "select (f(x))[1] as first, ARRAY [1, 2] as pair", "", 1, "first,pair" },

        // IN lists and PostgreSQL array binding.
        { "select id from t where id in @ids", "ids", 1, "id" },
        { "select id from t where id in (@ids)", "ids", 1, "id" },
        { "select id from t where id in (@a, @b)", "a,b", 1, "id" },
        { "select id from t where id = any(@ids)", "ids", 1, "id" },
        { "select id from t where id <> ALL (@ids::int[])", "ids", 1, "id" },

        // Statement splitting.
        { "select 1; select 2;;", "", 2, null },
        { "select a from t where b = @b; delete from t where c = @c", "b,c", 2, "a" },
        { "begin; update a set x = @x where id = @id; commit;", "x,id", 3, null },
        { "create trigger trg after insert on t begin update c set n = n + 1; end;", "", 2, null },
        { "select * from t where a = 'x;'; select @y as y", "y", 2, null },
        { "select f(';'), (select 1; ) as x", "", 1, null },

        // Column names.
        { "select 1 as x", "", 1, "x" },
        { "select a b from t", "", 1, "b" },
        { "select distinct a, t.b from t", "", 1, "a,b" },
        { "select distinct on (a) a, b from t order by a", "", 1, "a,b" },
        { "select all a from t", "", 1, "a" },
        { "select case when a > @lim then 'big' else 'small' end as size from t", "lim", 1, "size" },
        { "select case when a then 1 else 2 end from t", "", 1, null },
        { "select a, b from t1 union all select c, d from t2", "", 1, "a,b" },
        { "select count(*) as n, max(price) top from t", "", 1, "n,top" },
        { "select a, count(*) from t group by a", "", 1, null },
        { "select a.b.c from t", "", 1, "c" },
        { "select x at time zone 'utc' as local_x from t", "", 1, "local_x" },
        { "select x at time zone tz from t", "", 1, null },
        { "select x collate \"C\" from t", "", 1, null },
        { "select count(*) filter (where ok) as good from t", "", 1, "good" },
        { "select (select max(id) from t2) as m, exists (select 1 from t3 where t3.a = t.a) e from t", "", 1, "m,e" },
        { "select id, row_number() over (partition by g order by id) as rn from t", "", 1, "id,rn" },
        { "select rank() over w from t window w as (order by x)", "", 1, null },
        { "select extract(year from d) as y, substring(s from 2 for 3) as s2 from t", "", 1, "y,s2" },
        { "select null, true", "", 1, null },
        { "select t.* from t", "", 1, null },
        { "select 1 where @flag", "flag", 1, null },
        { "select x from t where y = 1e-5 and z = .5", "", 1, "x" },
        { "select café, @prénom as prénom from t", "prénom", 1, "café,prénom" },
        { "select a, b into new_t from t", "", 1, "a,b" },
        { "(select a, b from t) union (select c, d from u)", "", 1, "a,b" },

        // CTEs: the kind and the columns come from the statement after them.
        { "with recent as (select * from orders where placed > @since) select id, total from recent", "since", 1, "id,total" },
        { "with recursive t(n) as (values (1) union all select n+1 from t where n < @max) select n from t", "max", 1, "n" },
        { "with d as (delete from t where x = @x returning *) insert into log select * from d", "x", 1, null },

        // DML with RETURNING, upserts.
        { "insert into t (a, b) values (@a, @b) on conflict (a) do update set b = excluded.b returning id, b", "a,b", 1, "id,b" },
        { "insert into kv (k, v) values (@k, @v) on conflict(k) do update set v = excluded.v where kv.v <> excluded.v", "k,v", 1, null },
        { "insert or replace into kv (k, v) values (@k, @v)", "k,v", 1, null },
        { "update t set tags = tags || @tag where id = @id returning tags", "tag,id", 1, "tags" },
        { "delete from t where id = @id returning *", "id", 1, null },
        { "insert into t default values returning id as new_id, created_at::date", "", 1, "new_id,created_at" },

        // Other statements.
        { "copy t (a, b) from stdin with (format csv)", "", 1, null },
        { "pragma foreign_keys = on", "", 1, null },
        { "values (1, @a), (2, @b)", "a,b", 1, null },
        { "merge into t using s on t.id = s.id when matched then update set v = s.v", "", 1, null },

        // Unicode parameter names, including a letter outside the BMP.
        { "select * from t where x = @名前", "名前", 1, null },
        { "select @𝒳 as x, @_under1 as u", "𝒳,_under1", 1, "x,u" },
        { "select @1, @ 2, a@b, $ from t", "", 1, null },

        // Degenerate input: never throws, reports what it can.
        { "", "", 0, null },
        { "@", "", 1, null },
        { "$", "", 1, null },
        { "E'", "", 1, null },
        { "select 'unterminated @x", "", 1, null },
        { "select 1 /* never /* closed */ @x", "", 1, null },
        { "select $tag$ body @x", "", 1, null },
    };

    /// <summary>The SQL of <see cref="Cases"/>, for the property tests.</summary>
    internal static IReadOnlyList<string> Corpus { get; } = Cases.Select(row => (string)row[0]).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_parameters_statements_and_columns(string sql, string parameters, int statements, string? columns)
    {
        SqlScanResult result = SqlScanner.Scan(sql);

        Assert.Equal(Split(parameters), result.Parameters.Select(p => p.Name).ToArray());
        Assert.Equal(statements, result.StatementCount);
        if (statements > 0)
        {
            string[]? actual = result.Statements[0].Columns?.ToArray();
            Assert.Equal(columns is null ? null : Split(columns), actual);
        }
    }

    [Fact]
    public void Corpus_has_at_least_sixty_distinct_strings()
    {
        Assert.True(Corpus.Distinct(StringComparer.Ordinal).Count() >= 60);
    }

    [Fact]
    public void Parameter_offsets_and_lengths_point_at_the_at_sign()
    {
        SqlScanResult result = SqlScanner.Scan("select @a, @bb from t where c::text = @c::text");

        Assert.Equal(
            [
                new SqlParameterToken("a", 7, 2, false, false),
                new SqlParameterToken("bb", 11, 3, false, false),
                new SqlParameterToken("c", 38, 2, false, false),
            ],
            result.Parameters.ToArray());
    }

    [Fact]
    public void Surrogate_pair_names_keep_both_halves()
    {
        SqlParameterToken parameter = Assert.Single(SqlScanner.Scan("x = @𝒳y").Parameters);
        Assert.Equal(new SqlParameterToken("𝒳y", 4, 4, false, false), parameter);
    }

    [Theory]
    [InlineData("select id from t where id in @ids", true, false)]
    [InlineData("select id from t where id IN(@ids)", true, false)]
    [InlineData("select id from t where id not in ( @ids )", true, false)]
    [InlineData("select id from t where id = any(@ids)", false, true)]
    [InlineData("select id from t where id = ANY (@ids)", false, true)]
    [InlineData("select id from t where id = some(@ids)", false, true)]
    [InlineData("select id from t where id <> all(@ids::int[])", false, true)]
    [InlineData("select id from t where id = @ids", false, false)]
    [InlineData("select id from t where id in (@ids, 1)", false, false)]
    [InlineData("select id from t where id = any(array[@ids])", false, false)]
    [InlineData("select id from t where \"in\" @> @ids", false, false)]
    public void Flags_in_lists_and_arrays(string sql, bool afterIn, bool insideAny)
    {
        SqlParameterToken parameter = Assert.Single(SqlScanner.Scan(sql).Parameters);
        Assert.Equal("ids", parameter.Name);
        Assert.Equal(afterIn, parameter.AfterIn);
        Assert.Equal(insideAny, parameter.InsideAny);
    }

    [Fact]
    public void A_sole_in_list_item_is_after_in_but_a_longer_list_is_not()
    {
        SqlScanResult result = SqlScanner.Scan("select 1 where a in (@x) and b in (@y, @z)");
        Assert.Equal([true, false, false], result.Parameters.Select(p => p.AfterIn).ToArray());
    }

    [Theory]
    [InlineData("select a from t", "Select", false, false)]
    [InlineData("SELECT a FROM t WHERE b = @b", "Select", true, false)]
    [InlineData("insert into t values (1)", "Insert", false, false)]
    [InlineData("insert or replace into t values (1)", "Insert", false, false)]
    [InlineData("replace into t values (1)", "Insert", false, false)]
    [InlineData("update t set a = 1", "Update", false, false)]
    [InlineData("update t set a = (select b from u where u.id = t.id)", "Update", false, false)]
    [InlineData("update t set a = 1 where id = @id returning a", "Update", true, true)]
    [InlineData("delete from t", "Delete", false, false)]
    [InlineData("delete from t where id in (select id from u where x)", "Delete", true, false)]
    [InlineData("with old as (select id from t where stale) delete from t", "Delete", false, false)]
    [InlineData("with x as (select 1) update t set a = 1 where b returning *", "Update", true, true)]
    [InlineData("with x as (insert into t values (1) returning id) select * from x", "Select", false, false)]
    [InlineData("merge into t using s on t.id = s.id when matched then delete", "Merge", false, false)]
    [InlineData("values (1), (2)", "Values", false, false)]
    [InlineData("create table t (id integer primary key)", "Create", false, false)]
    [InlineData("drop table if exists t", "Drop", false, false)]
    [InlineData("alter table t add column c int", "Alter", false, false)]
    [InlineData("PRAGMA journal_mode = WAL", "Pragma", false, false)]
    [InlineData("begin transaction", "Begin", false, false)]
    [InlineData("commit", "Commit", false, false)]
    [InlineData("rollback to savepoint s1", "Rollback", false, false)]
    [InlineData("explain analyze select 1", "Other", false, false)]
    [InlineData("copy t from stdin", "Other", false, false)]
    [InlineData("(select 1) union (select 2)", "Select", false, false)]
    [InlineData("@p", "Unknown", false, false)]
    [InlineData("with x as (select 1)", "Unknown", false, false)]
    public void Classifies_statements(string sql, string kind, bool hasWhere, bool hasReturning)
    {
        SqlStatementInfo statement = Assert.Single(SqlScanner.Scan(sql).Statements);
        Assert.Equal(Enum.Parse<SqlStatementKind>(kind), statement.Kind);
        Assert.Equal(hasWhere, statement.HasWhere);
        Assert.Equal(hasReturning, statement.HasReturning);
    }

    [Theory]
    [InlineData("select * from t", true)]
    [InlineData("select t.*, u.id from t join u on u.t = t.id", true)]
    [InlineData("select s.t.* from s.t", true)]
    [InlineData("select count(*) from t", false)]
    [InlineData("select a * b as p from t", false)]
    [InlineData("select a from t where b in (select * from u)", false)]
    [InlineData("insert into t values (1) returning *", true)]
    [InlineData("insert into t select * from u", false)]
    public void Detects_star_projections(string sql, bool selectsStar)
    {
        SqlStatementInfo statement = Assert.Single(SqlScanner.Scan(sql).Statements);
        Assert.Equal(selectsStar, statement.SelectsStar);
        if (selectsStar)
        {
            Assert.Null(statement.Columns);
        }
    }

    [Fact]
    public void Statement_spans_exclude_whitespace_comments_and_semicolons()
    {
        const string sql = "  /* c */ select 1 ; \n -- x\n select @a  ;  ";
        SqlScanResult result = SqlScanner.Scan(sql);

        Assert.Equal(["select 1", "select @a"], result.Statements.Select(s => sql.Substring(s.Offset, s.Length)).ToArray());
    }

    [Theory]
    [InlineData("select 'unterminated @x", 7)]
    [InlineData("select \"unterminated @x", 7)]
    [InlineData("select [unterminated @x", 7)]
    [InlineData("select `unterminated @x", 7)]
    [InlineData("select 1 /* never /* closed */ @x", 9)]
    [InlineData("select $tag$ body @x $tag", 7)]
    [InlineData("select $$ body", 7)]
    [InlineData(@"select E'abc\'", 7)]
    [InlineData(@"select E'abc\", 7)]
    [InlineData("E'", 0)]
    public void Reports_unterminated_constructs(string sql, int offset)
    {
        SqlScanResult result = SqlScanner.Scan(sql);

        SqlScanProblem problem = Assert.Single(result.Problems);
        Assert.Equal(offset, problem.Offset);
        Assert.StartsWith("Unterminated", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Parameters);
    }

    [Fact]
    public void Reports_each_problem_and_keeps_scanning_earlier_text()
    {
        SqlScanResult result = SqlScanner.Scan("select @a; select 'x");
        Assert.Equal(["a"], result.Parameters.Select(p => p.Name).ToArray());
        Assert.Equal(2, result.StatementCount);
        Assert.Equal(new SqlScanProblem(18, "Unterminated string literal."), Assert.Single(result.Problems));
    }

    [Fact]
    public void Valid_sql_has_no_problems()
    {
        string[] withProblems = ["E'", "select 'unterminated @x", "select 1 /* never /* closed */ @x", "select $tag$ body @x"];
        foreach (string sql in Corpus.Except(withProblems))
        {
            Assert.True(SqlScanner.Scan(sql).Problems.Count == 0, sql);
        }
    }

    [Fact]
    public void Results_are_equal_by_value()
    {
        // The generator caches on these results, so two scans of equal text must compare equal.
        const string sql = "insert into t (a) values (@a) returning id, a; select b from t where c in @cs";
        SqlScanResult first = SqlScanner.Scan(sql);
        SqlScanResult second = SqlScanner.Scan(new string(sql.ToCharArray()));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, SqlScanner.Scan(sql.Replace("returning id, a", "returning id, b", StringComparison.Ordinal)));
    }

    [Fact]
    public void Null_is_treated_as_empty()
    {
        SqlScanResult result = SqlScanner.Scan(null!);
        Assert.Equal(0, result.StatementCount);
        Assert.Empty(result.Parameters);
    }

    private static string[] Split(string list) =>
        list.Length == 0 ? [] : list.Split(',');
}
