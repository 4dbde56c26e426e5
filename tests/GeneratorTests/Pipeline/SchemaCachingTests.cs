using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Pipeline;

/// <summary>Editing a schema file re-runs the schema checks and nothing else; the generated code stays cached.</summary>
public sealed class SchemaCachingTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Data.Common;
        using Sqlmint;

        namespace App;

        public static partial class Q
        {
            [Query("select count(*) from album where artist_id = @artistId")]
            public static partial long Count(DbConnection db, long artistId);
        }
        """;

    [Fact]
    public void Editing_the_schema_reruns_only_the_schema_checks()
    {
        var schema = new InMemoryText("/s/schema.sql", "create table album (album_id integer primary key, artist_id integer not null);");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(new[] { schema }).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);

        // The column is renamed in the schema: the query is now wrong, and only the schema steps notice.
        var edited = new InMemoryText("/s/schema.sql", "create table album (album_id integer primary key, artist integer not null);");
        GeneratorDriverRunResult second = driver.ReplaceAdditionalText(schema, edited).RunGenerators(compilation).GetRunResult();

        Assert.Contains(IncrementalStepRunReason.Modified, CachingAssert.Reasons(second, QueryGenerator.Steps.Schema));
        Assert.Contains(second.Diagnostics, d => d.Id == "SQLM026");
        foreach (string step in new[] { QueryGenerator.Steps.QueryMethods, QueryGenerator.Steps.AllMethods, QueryGenerator.Steps.ContainingTypes })
        {
            Assert.All(CachingAssert.Reasons(second, step),
                r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
    }
}
