using Microsoft.CodeAnalysis;

namespace Sqlmint.GeneratorTests.Infrastructure;

/// <summary>Both directions of a diagnostic test: it fires on the bad code, and not on its valid twin.</summary>
internal static class DiagnosticAssert
{
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Threading;
        using Microsoft.Data.Sqlite;
        using Sqlmint;

        namespace App;

        public sealed record Album(long AlbumId, string Title, long ArtistId);

        """;

    /// <summary>Asserts <paramref name="id"/> is reported once, on the given source text, with the given severity.</summary>
    public static Diagnostic Fires(string body, string id, string? underlined = null, DiagnosticSeverity? severity = null)
    {
        GeneratorRun run = GeneratorHarness.Run(Prelude + body);
        IReadOnlyList<Diagnostic> found = run.WithId(id);
        Assert.True(found.Count == 1, $"Expected one {id}, got {found.Count}. All: {string.Join("\n", run.GeneratorDiagnostics)}");
        Diagnostic diagnostic = found[0];
        if (underlined is not null)
        {
            // Generator diagnostics carry file locations rebuilt from plain data (the model holds no syntax
            // trees), so the underlined text is read back from the tree with that path.
            string path = diagnostic.Location.GetLineSpan().Path;
            SyntaxTree? tree = run.Output.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
            Assert.True(tree is not null, $"{id} has no location in the user's source: {diagnostic}");
            Assert.Equal(underlined, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        }

        if (severity is not null)
        {
            Assert.Equal(severity, diagnostic.Severity);
        }

        Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri));
        return diagnostic;
    }

    /// <summary>Asserts the valid twin has no Sqlmint diagnostic at all and compiles cleanly.</summary>
    public static void DoesNotFire(string body, string id)
    {
        GeneratorRun run = GeneratorHarness.Run(Prelude + body);
        Assert.Empty(run.WithId(id));
        run.AssertCleanCompile();
    }
}
