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

        public static readonly DiagnosticDescriptor ResultSetCountMismatch = Create(
            "SQLM015",
            "Result set count does not match the return type",
            "'{0}' reads {1} result set(s), but its SQL has {2} statement(s) that return rows; make them match, or use a tuple return for several result sets",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor ExecuteDiscardsRows = Create(
            "SQLM016",
            "[Execute] discards the rows of a statement",
            "'{0}' is an [Execute] method, so the rows this statement returns are discarded; use [Query] to read them",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor QueryWithoutRows = Create(
            "SQLM017",
            "[Query] on SQL that returns no rows",
            "'{0}' is a [Query] method, but none of its statements returns rows; add RETURNING to read the written rows, or use [Execute]",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MissingWhere = Create(
            "SQLM018",
            "UPDATE or DELETE without WHERE",
            "The {1} in '{0}' has no WHERE clause and changes every row of the table; add a WHERE clause (write 'where true' if every row is intended)",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SelectStar = Create(
            "SQLM019",
            "SELECT * cannot be checked",
            "'{0}' selects *, so its columns cannot be checked against the row type at build time; list the columns",
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor ColumnWithoutMember = Create(
            "SQLM020",
            "Selected column has no matching member",
            "Column '{0}' selected by '{1}' matches no member of '{2}' and is read for nothing; remove it from the select list or add a member",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RequiredMemberWithoutColumn = Create(
            "SQLM021",
            "Required member has no column",
            "'{0}' cannot fill '{1}': {2}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor ScalarOfManyColumns = Create(
            "SQLM022",
            "Scalar return type on a multi-column select",
            "'{0}' returns a scalar, which reads only the first column, but the SQL selects {1} columns; select one column or return a row type",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor DuplicateParameter = Create(
            "SQLM023",
            "Parameters differ only in case",
            "Parameters '{0}' and '{1}' of '{2}' differ only in case, so '@{1}' could bind either; rename one",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor CardinalityIgnored = Create(
            "SQLM024",
            "Cardinality has no effect",
            "Cardinality applies to a single-row return type (T or T?), but '{0}' returns a list, a scalar, a stream or several result sets; remove it",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UnknownTable = Create(
            "SQLM025",
            "Unknown table",
            "'{0}': {1} Check the name, or add the file that creates it to the project's .sql AdditionalFiles.",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnknownColumn = Create(
            "SQLM026",
            "Unknown column",
            "'{0}': {1} Check the name against the schema.",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor AmbiguousColumn = Create(
            "SQLM027",
            "Ambiguous column",
            "'{0}': {1}",
            DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor NullableIntoNonNullable = Create(
            "SQLM028",
            "Nullable column read into a non-nullable member",
            "Column '{0}' ({1}) can be NULL, but '{2}' reads it into non-nullable '{3}' of type '{4}'; declare the member nullable or use coalesce() in the SQL",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SchemaProblem = Create(
            "SQLM029",
            "Schema file statement not understood",
            "Schema file '{0}': {1} Queries on this table are checked only as far as it could be read.",
            DiagnosticSeverity.Warning);

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
            [ResultSetCountMismatch.Id] = ResultSetCountMismatch,
            [ExecuteDiscardsRows.Id] = ExecuteDiscardsRows,
            [QueryWithoutRows.Id] = QueryWithoutRows,
            [MissingWhere.Id] = MissingWhere,
            [SelectStar.Id] = SelectStar,
            [ColumnWithoutMember.Id] = ColumnWithoutMember,
            [RequiredMemberWithoutColumn.Id] = RequiredMemberWithoutColumn,
            [ScalarOfManyColumns.Id] = ScalarOfManyColumns,
            [DuplicateParameter.Id] = DuplicateParameter,
            [CardinalityIgnored.Id] = CardinalityIgnored,
            [UnknownTable.Id] = UnknownTable,
            [UnknownColumn.Id] = UnknownColumn,
            [AmbiguousColumn.Id] = AmbiguousColumn,
            [NullableIntoNonNullable.Id] = NullableIntoNonNullable,
            [SchemaProblem.Id] = SchemaProblem,
        };

        public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
            new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
    }
}
