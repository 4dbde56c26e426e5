using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Schema;

/// <summary>
/// Checks every method's SQL against the schema read from the project's .sql AdditionalFiles, and reports
/// what the schema files themselves could not say. Runs on its own pipeline branch: a schema edit re-runs only
/// this, never the emitter.
/// </summary>
internal static class SchemaValidation
{
    /// <summary>The schema of all listed .sql files, plus a diagnostic for each statement that could not be read.</summary>
    public static SchemaSpec Build(IEnumerable<SchemaFile> files)
    {
        List<SchemaFile> ordered = files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToList();
        SchemaModel model = SchemaParser.Parse(ordered.Select(f => (f.Path, f.Text)));
        var problems = new List<DiagnosticInfo>();
        foreach (SchemaProblem problem in model.Problems)
        {
            string text = ordered.FirstOrDefault(f => f.Path == problem.Path)?.Text ?? string.Empty;
            problems.Add(new DiagnosticInfo(
                QueryGenerator.Descriptors.SchemaProblem.Id,
                InText(problem.Path, text, problem.Offset),
                new[] { System.IO.Path.GetFileName(problem.Path), problem.Message }.ToEquatableArray()));
        }

        return new SchemaSpec(model, problems.ToEquatableArray());
    }

    public static IEnumerable<DiagnosticInfo> Check(EquatableArray<ParseResult> methods, SchemaSpec schema, CancellationToken cancellationToken)
    {
        foreach (DiagnosticInfo problem in schema.Problems)
        {
            yield return problem;
        }

        if (schema.Model.Tables.Count == 0)
        {
            yield break;
        }

        foreach (ParseResult method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (method.SchemaCheck is not { } check)
            {
                continue;
            }

            SchemaCheckResult result = SchemaChecker.Check(check.Sql, schema.Model);
            foreach (SchemaFinding finding in result.Findings)
            {
                string id = finding.Kind switch
                {
                    SchemaFindingKind.UnknownTable => QueryGenerator.Descriptors.UnknownTable.Id,
                    SchemaFindingKind.UnknownColumn => QueryGenerator.Descriptors.UnknownColumn.Id,
                    _ => QueryGenerator.Descriptors.AmbiguousColumn.Id,
                };
                yield return new DiagnosticInfo(id, check.Location.Locate(check.Sql, finding.Offset, finding.Length),
                    new[] { check.DisplayName, finding.Message }.ToEquatableArray());
            }

            if (result.ResultColumns is not { } columns || check.Members.Count == 0)
            {
                continue;
            }

            for (int i = 0; i < columns.Count; i++)
            {
                ResultColumn column = columns[i];
                if (column.IsNullable != true)
                {
                    continue;
                }

                string key = check.Members[0].ColumnKey == "#0" ? (i == 0 ? "#0" : string.Empty) : Parsing.RowFacts.Key(column.Name);
                ResultMemberSpec? member = check.Members.FirstOrDefault(m => m.ColumnKey == key);
                if (member is null || member.IsNullable)
                {
                    continue;
                }

                int at = Sql.SqlText.IndexOfWord(check.Sql, column.Name, 0, check.Sql.Length);
                yield return new DiagnosticInfo(
                    QueryGenerator.Descriptors.NullableIntoNonNullable.Id,
                    at >= 0 ? check.Location.Locate(check.Sql, at, column.Name.Length) : check.Location.Argument,
                    new[] { column.Name, column.SourceTable ?? "?", check.DisplayName, member.MemberName, member.Type }.ToEquatableArray());
            }
        }
    }

    private static LocationInfo InText(string path, string text, int offset)
    {
        offset = System.Math.Max(0, System.Math.Min(offset, text.Length));
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        int character = offset - lineStart;
        return new LocationInfo(path, offset, 0, line, character, line, character);
    }
}

/// <summary>The parsed schema and the diagnostics about its files.</summary>
internal sealed record SchemaSpec(SchemaModel Model, EquatableArray<DiagnosticInfo> Problems);
