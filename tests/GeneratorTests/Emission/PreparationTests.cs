using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Emission;

/// <summary>
/// Which methods prepare their statement on Npgsql: a query or data change of fixed text, and nothing else. A
/// prepared statement stays on the server connection, so preparing one-off DDL would only add a round trip, a text
/// that varies (an in-list) would fill the server with statements, and a <c>*</c> projection would break when a
/// column is added ("cached plan must not change result type").
/// </summary>
public sealed class PreparationTests
{
    const string Source = """
        using System.Collections.Generic;
        using Sqlmint;

        namespace Music;

        public sealed record Album(long AlbumId, string Title);

        public static partial class Q
        {
            [Query("select album_id, title from album where album_id = @id")]
            public static partial Album? Select(this Session db, long id);

            [Query("with a as (select album_id, title from album) select album_id, title from a")]
            public static partial List<Album> With(this Session db);

            [Query("values (1)")]
            public static partial long Values(this Session db);

            [Execute("insert into album (album_id, title) values (@AlbumId, @Title)")]
            public static partial int Insert(this Session db, Album album);

            [Execute("update album set title = @title where album_id = @id")]
            public static partial int Update(this Session db, long id, string title);

            [Execute("delete from album where album_id = @id")]
            public static partial int Delete(this Session db, long id);

            [Query("select * from album")]
            public static partial List<Album> Star(this Session db);

            [Query("select album_id, title from album where album_id in @ids")]
            public static partial List<Album> InList(this Session db, long[] ids);

            [Execute("create table album_copy (album_id bigint)")]
            public static partial void Create(this Session db);

            [Execute("alter table album add column rating int")]
            public static partial void Alter(this Session db);

            [Execute("refresh_albums", CommandType = System.Data.CommandType.StoredProcedure)]
            public static partial void Procedure(this Session db);

            [Execute("update album set title = 'x' where album_id = 1; delete from album where album_id = 2")]
            public static partial void TwoStatements(this Session db);
        }
        """;

    [Theory]
    [InlineData("Select", true)]
    [InlineData("With", true)]
    [InlineData("Values", true)]
    [InlineData("Insert", true)]
    [InlineData("Update", true)]
    [InlineData("Delete", true)]
    [InlineData("Star", false)]
    [InlineData("InList", false)]
    [InlineData("Create", false)]
    [InlineData("Alter", false)]
    [InlineData("Procedure", false)]
    [InlineData("TwoStatements", false)]
    public void Only_fixed_queries_and_data_changes_are_prepared(string method, bool prepared)
    {
        string body = MethodBody(Generate(withNpgsql: true), method);
        Assert.Equal(prepared, body.Contains("Prepares(__connection)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_npgsql_referenced_nothing_is_prepared()
    {
        string code = Generate(withNpgsql: false);
        Assert.DoesNotContain("Prepares(", code, StringComparison.Ordinal);
    }

    static string Generate(bool withNpgsql)
    {
        MetadataReference[] references = withNpgsql
            ? [MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location)]
            : [];
        GeneratorRun run = GeneratorHarness.Run([Source], references);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return run.Source("Music.Q.g.cs");
    }

    // The text from the method's signature to the next generated method's.
    static string MethodBody(string code, string method)
    {
        int start = code.IndexOf(" " + method + "(this ", StringComparison.Ordinal);
        Assert.True(start >= 0, "No generated method " + method);
        int next = code.IndexOf("public static partial", start, StringComparison.Ordinal);
        return next < 0 ? code[start..] : code[start..next];
    }
}
