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
    /// <summary>The schema the schema-validation tests check against (PostgreSQL style, snake_case).</summary>
    public const string Schema = """
        create table artist (artist_id integer primary key, name text);
        create table album (album_id integer primary key, title text not null, artist_id integer not null references artist(artist_id));
        """;

    public static Diagnostic Fires(string body, string id, string? underlined = null, DiagnosticSeverity? severity = null, string? schema = null)
    {
        GeneratorRun run = Run(body, schema);
        IReadOnlyList<Diagnostic> found = run.WithId(id);
        Assert.True(found.Count == 1, $"Expected one {id}, got {found.Count}. All: {string.Join("\n", run.GeneratorDiagnostics)}");
        Diagnostic diagnostic = found[0];
        if (underlined is not null)
        {
            // In the user's own syntax tree, not just a file path: that is what lets #pragma and .editorconfig
            // suppress the diagnostic.
            Assert.True(diagnostic.Location.IsInSource, $"{id} has no location in the user's source: {diagnostic}");
            Assert.Equal(underlined, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        }

        if (severity is not null)
        {
            Assert.Equal(severity, diagnostic.Severity);
        }

        Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri));
        return diagnostic;
    }

    private static GeneratorRun Run(string body, string? schema) =>
        GeneratorHarness.Run(
            new[] { Prelude + body },
            Array.Empty<MetadataReference>(),
            schema is null ? Array.Empty<AdditionalText>() : new AdditionalText[] { new InMemoryText("/schema/schema.sql", schema) });

    /// <summary>Asserts the valid twin has no Sqlmint diagnostic at all and compiles cleanly.</summary>
    public static void DoesNotFire(string body, string id, string? schema = null)
    {
        GeneratorRun run = Run(body, schema);
        Assert.Empty(run.WithId(id));
        run.AssertCleanCompile();
    }
}
