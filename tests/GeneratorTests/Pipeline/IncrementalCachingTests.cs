using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Pipeline;

/// <summary>
/// Both directions of caching: an edit that does not touch a Sqlmint method leaves the output cached, and an
/// edit to the SQL regenerates it.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Data.Common;
        using Sqlmint;

        namespace App;

        public sealed record Album(long AlbumId, string Title);

        public static partial class Q
        {
            [Query("select AlbumId, Title from Album where ArtistId = @artistId")]
            public static partial List<Album> ByArtist(DbConnection db, long artistId);

            [Execute("delete from Album where AlbumId = @id")]
            public static partial int Delete(DbConnection db, long id);
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(Source);

        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace App; public static class Other { public static int X => 1; }", GeneratorHarness.ParseOptions);
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.AddSyntaxTrees(unrelated)).GetRunResult();

        CachingAssert.AllStepsCached(second);
    }

    [Fact]
    public void An_edit_elsewhere_in_the_same_file_keeps_the_output_unchanged()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(Source);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree edited = tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment that moves every location\n"));

        GeneratorDriverRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult();

        // The methods were re-parsed (their locations moved), but the model is equal, so nothing is re-emitted.
        Assert.All(CachingAssert.Reasons(second, QueryGenerator.Steps.ContainingTypes),
            r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Changing_the_sql_regenerates_the_output()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(Source);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree edited = CSharpSyntaxTree.ParseText(Source.Replace("where ArtistId = @artistId", "where ArtistId = @artistId order by Title"), GeneratorHarness.ParseOptions);

        GeneratorDriverRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult();

        Assert.Contains(IncrementalStepRunReason.Modified, CachingAssert.Reasons(second, QueryGenerator.Steps.QueryMethods));
        Assert.Contains(IncrementalStepRunReason.Modified, CachingAssert.Reasons(second, QueryGenerator.Steps.ContainingTypes));
        Assert.Contains("order by Title", second.Results.Single().GeneratedSources.Single(s => s.HintName == "App.Q.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == "App.Q.g.cs");
        return (driver, compilation);
    }
}
