using Microsoft.CodeAnalysis;
using Sqlmint.Generator;

namespace Sqlmint.GeneratorTests.Pipeline;

/// <summary>Every diagnostic has a docs page, a help link, a release-tracking entry and a test file.</summary>
public sealed class DiagnosticCatalogTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (DiagnosticDescriptor descriptor in QueryGenerator.Descriptors.All)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Diagnostic_is_documented_tracked_and_tested(string id)
    {
        DiagnosticDescriptor descriptor = QueryGenerator.Descriptors.ById(id);
        string root = RepositoryRoot();

        Assert.Matches("^SQLM[0-9]{3}$", id);
        Assert.EndsWith("docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        string page = Path.Combine(root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), "Missing docs page " + page);
        string text = File.ReadAllText(page);
        Assert.Contains("# " + id, text, StringComparison.Ordinal);

        string releases = File.ReadAllText(Path.Combine(root, "src", "Generator", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(root, "src", "Generator", "AnalyzerReleases.Shipped.md"));
        Assert.Contains(id + " |", releases, StringComparison.Ordinal);

        Assert.True(File.Exists(Path.Combine(root, "tests", "GeneratorTests", "Diagnostics", id + "Tests.cs")), "Missing test file for " + id);
    }

    [Fact]
    public void Ids_are_unique()
    {
        string[] ids = QueryGenerator.Descriptors.All.Select(d => d.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(
            typeof(DiagnosticCatalogTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>()
                .Single(a => a.Key == "GeneratorTestsProjectDirectory").Value!,
            "..", ".."));
}
