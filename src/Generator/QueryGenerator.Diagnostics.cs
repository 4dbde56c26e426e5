using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Sqlmint.Generator;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// Every diagnostic the generator reports. IDs are never reused: a retired one stays here as a comment.
    /// Each has a page under docs/diagnostics and an entry in AnalyzerReleases.*.md.
    /// </summary>
    internal static class Descriptors
    {
        private const string Category = "Sqlmint";
        private const string HelpRoot = "https://github.com/sqlmint/sqlmint/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor UnboundSqlParameter = Create(
            "SQLM001",
            "SQL parameter has nothing to bind it",
            "SQL parameter '@{0}' in '{1}' has no method parameter of that name to bind it",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnusedMethodParameter = Create(
            "SQLM002",
            "Method parameter is not used by the SQL",
            "Parameter '{0}' of '{1}' is not used by the SQL; add '@{0}' to the SQL or remove the parameter",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor MethodNotPartial = Create(
            "SQLM003",
            "Method must be a partial declaration without a body",
            "'{0}' must be declared 'partial' with no body so Sqlmint can generate its implementation",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor TypeNotPartial = Create(
            "SQLM004",
            "Containing type must be partial",
            "Type '{0}' must be declared 'partial' because it contains the Sqlmint method '{1}'",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
            "SQLM005",
            "Unsupported return type",
            "Return type '{0}' of '{1}' is not supported: {2}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MissingConnection = Create(
            "SQLM006",
            "No connection source",
            "'{0}' has no connection source; add a parameter of type Sqlmint.Session, DbConnection (or a subclass such as SqliteConnection) or DbTransaction",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor AmbiguousConnection = Create(
            "SQLM007",
            "More than one connection source",
            "'{0}' has more than one connection parameter ({1}); keep exactly one",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(
            "SQLM008",
            "Parameter type cannot be bound",
            "Parameter '{0}' of '{1}' has type '{2}', which cannot be sent as a SQL parameter value",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor RowTypeNotMaterializable = Create(
            "SQLM009",
            "Row type cannot be materialized",
            "Row type '{0}' of '{1}' cannot be materialized: {2}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedMethodForm = Create(
            "SQLM010",
            "Unsupported method form",
            "'{0}' cannot be generated: {1}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor EmptySql = Create(
            "SQLM011",
            "SQL is empty",
            "The SQL of '{0}' is empty or contains only comments",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MalformedSql = Create(
            "SQLM012",
            "SQL is malformed",
            "The SQL of '{0}' is malformed: {1}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor CollectionOutsideIn = Create(
            "SQLM013",
            "Collection parameter used outside IN or ANY",
            "Collection parameter '{0}' of '{1}' can only be used as 'in @{0}' (expanded to one parameter per element) or, on PostgreSQL, '= any(@{0})' (an array)",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor InWithoutCollection = Create(
            "SQLM014",
            "IN needs a collection",
            "'in @{0}' in '{1}' needs a collection, but the parameter has type '{2}'; pass an IEnumerable<T>, or write 'in (@{0})' for a single value",
            DiagnosticSeverity.Error);

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
        {
            [UnboundSqlParameter.Id] = UnboundSqlParameter,
            [UnusedMethodParameter.Id] = UnusedMethodParameter,
            [MethodNotPartial.Id] = MethodNotPartial,
            [TypeNotPartial.Id] = TypeNotPartial,
            [UnsupportedReturnType.Id] = UnsupportedReturnType,
            [MissingConnection.Id] = MissingConnection,
            [AmbiguousConnection.Id] = AmbiguousConnection,
            [UnsupportedParameterType.Id] = UnsupportedParameterType,
            [RowTypeNotMaterializable.Id] = RowTypeNotMaterializable,
            [UnsupportedMethodForm.Id] = UnsupportedMethodForm,
            [EmptySql.Id] = EmptySql,
            [MalformedSql.Id] = MalformedSql,
            [CollectionOutsideIn.Id] = CollectionOutsideIn,
            [InWithoutCollection.Id] = InWithoutCollection,
        };

        public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
            new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
    }
}
