using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Schema;

namespace Sqlmint.Generator;

/// <summary>
/// Generates the bodies of <c>[Query]</c> and <c>[Execute]</c> partial methods. This file holds only the
/// pipeline: the parser (symbols → model) and the emitter (model → text) live in their own files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class QueryGenerator : IIncrementalGenerator
{
    internal const string QueryAttributeName = "Sqlmint.QueryAttribute";
    internal const string ExecuteAttributeName = "Sqlmint.ExecuteAttribute";

    /// <summary>Names of the pipeline steps, so tests can assert that each one is cached.</summary>
    internal static class Steps
    {
        public const string QueryMethods = nameof(QueryMethods);
        public const string ExecuteMethods = nameof(ExecuteMethods);
        public const string AllMethods = nameof(AllMethods);
        public const string ContainingTypes = nameof(ContainingTypes);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Drivers = nameof(Drivers);
        public const string Schema = nameof(Schema);
        public const string SchemaDiagnostics = nameof(SchemaDiagnostics);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> queries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                QueryAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, CommandKind.Query, ct))
            .WithTrackingName(Steps.QueryMethods);

        IncrementalValuesProvider<ParseResult> executes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ExecuteAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, CommandKind.Execute, ct))
            .WithTrackingName(Steps.ExecuteMethods);

        IncrementalValueProvider<EquatableArray<ParseResult>> all = queries.Collect()
            .Combine(executes.Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray())
            .WithTrackingName(Steps.AllMethods);

        // One output per containing type. SelectMany compares each group by value, so editing one type
        // regenerates only that type's file.
        IncrementalValuesProvider<TypeGroup> types = all
            .SelectMany(static (results, _) => TypeGroup.Build(results))
            .WithTrackingName(Steps.ContainingTypes);


        // Diagnostics travel on their own path, so a diagnostic that moves (or appears) never re-runs the
        // emitter for unchanged code.
        IncrementalValuesProvider<DiagnosticInfo> diagnostics = all
            .SelectMany(static (results, _) => results.SelectMany(r => r.Diagnostics))
            .WithTrackingName(Steps.Diagnostics);

        // Reported against the compilation's own syntax trees, so #pragma and .editorconfig can suppress them;
        // only this last, cheap step sees the compilation, never the cached parse or emit steps.
        context.RegisterSourceOutput(diagnostics.Collect().Combine(context.CompilationProvider), static (spc, pair) =>
            Report(spc, pair.Left, pair.Right));

        // Schema validation: .sql files listed as AdditionalFiles form the schema every query is checked
        // against. Its own branch, so editing a schema file never re-runs the emitter.
        IncrementalValueProvider<SchemaSpec> schema = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".sql", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => new SchemaFile(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
            .Collect()
            .Select(static (files, _) => SchemaValidation.Build(files))
            .WithTrackingName(Steps.Schema);

        IncrementalValuesProvider<DiagnosticInfo> schemaDiagnostics = all.Combine(schema)
            .SelectMany(static (pair, ct) => SchemaValidation.Check(pair.Left, pair.Right, ct))
            .WithTrackingName(Steps.SchemaDiagnostics);

        context.RegisterSourceOutput(schemaDiagnostics.Collect().Combine(context.CompilationProvider), static (spc, pair) =>
            Report(spc, pair.Left, pair.Right));

        // Drivers the project references are registered by a module initializer, so the runtime needs no
        // reference to them and no reflection to find them.
        IncrementalValueProvider<DriverSpec> drivers = context.CompilationProvider
            .Select(static (compilation, _) => new DriverSpec(
                compilation.GetTypeByMetadataName("Sqlmint.DriverRegistry") is not null,
                compilation.GetTypeByMetadataName("Npgsql.NpgsqlDataSource") is not null,
                compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteFactory") is not null))
            .WithTrackingName(Steps.Drivers);

        // The emitter needs two facts about the drivers: with Npgsql referenced, commands use positional
        // parameters when the connection is Npgsql's; with Microsoft.Data.Sqlite referenced, numbers are read with
        // checks for the text its getters would silently turn into 0.
        context.RegisterSourceOutput(types.Combine(drivers), static (spc, pair) =>
            spc.AddSource(pair.Left.Type.HintName, Emitter.Emit(pair.Left, pair.Right.ReferencesNpgsql, pair.Right.ReferencesSqlite)));

        context.RegisterSourceOutput(drivers, static (spc, spec) =>
        {
            if (spec.HasAny)
            {
                spc.AddSource("Sqlmint.DriverRegistration.g.cs", Emitter.EmitDriverRegistration(spec));
            }
        });
    }

    private static void Report(SourceProductionContext context, System.Collections.Immutable.ImmutableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        if (diagnostics.IsEmpty)
        {
            return;
        }

        var trees = new System.Collections.Generic.Dictionary<string, SyntaxTree>(System.StringComparer.Ordinal);
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            trees[tree.FilePath] = tree;
        }

        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
        }
    }
}
