namespace Sqlmint.Generator.Model;

// The model is what the pipeline caches. Every type here is a sealed record of strings, enums, bools and
// equatable arrays, so two parses of the same source compare equal and the emitter is skipped. Nothing
// here may hold an ISymbol, SyntaxNode, Location or Compilation (a model-shape test enforces it).

/// <summary>What the generator learned about one annotated method, or why it could not.</summary>
internal sealed record ParseResult(MethodSpec? Method, EquatableArray<DiagnosticInfo> Diagnostics, SchemaCheckSpec? SchemaCheck = null);

/// <summary>One generated method: its signature, where its connection comes from, its command, and its result.</summary>
internal sealed record MethodSpec(
    ContainingTypeSpec ContainingType,
    string Name,
    string Modifiers,
    string ReturnType,
    EquatableArray<MethodParameterSpec> Parameters,
    string DisplayName,
    ConnectionSpec Connection,
    CommandSpec Command,
    AsyncKind Async,
    string CancellationToken,
    CommandShape Shape,
    EquatableArray<ResultSetSpec> ResultSets,
    ExecuteManySpec? ExecuteMany);

/// <summary>The type (and the types around it) that the partial method lives in.</summary>
internal sealed record ContainingTypeSpec(string? Namespace, EquatableArray<TypeDeclarationSpec> Declarations, string HintName);

/// <summary>One level of a (possibly nested) type declaration, outermost first.</summary>
internal sealed record TypeDeclarationSpec(string Keyword, string NameWithTypeParameters);

/// <summary>A parameter of the partial method, as it must be re-declared on the implementation.</summary>
internal sealed record MethodParameterSpec(string Name, string Type, bool IsThis);

/// <summary>Where the connection comes from.</summary>
/// <param name="NullChecked">A parameter to check for null first, or null for a field or property.</param>
/// <param name="Expression">The connection (for a data source: the expression that creates one).</param>
/// <param name="Transaction">The transaction to join, or null.</param>
/// <param name="CreatesConnection">The connection is created here (from a DbDataSource), so it is disposed here.</param>
internal sealed record ConnectionSpec(string? NullChecked, string Expression, string? Transaction, bool CreatesConnection);

/// <summary>The command text and its parameters.</summary>
/// <param name="Sql">The SQL as written.</param>
/// <param name="Bindings">Parameters with one value each.</param>
/// <param name="Expansions">Collections expanded in place (<c>in @ids</c>), in text order.</param>
/// <param name="CommandTimeout">Seconds, or 0 for the driver's default.</param>
/// <param name="CommandType">"Text" or "StoredProcedure".</param>
/// <param name="PositionalSql">
/// The SQL with every <c>@name</c> rewritten to <c>$1…$n</c> (in <see cref="Bindings"/> order), for Npgsql: with
/// unnamed parameters it sends the text as is and skips parsing it. Null where that does not apply (several
/// statements, list expansion, no parameters, a stored procedure).
/// </param>
/// <param name="Preparable">
/// One query or data-change statement of fixed text (no list expansion, not a stored procedure, no <c>*</c>): on
/// Npgsql it is prepared on the server once per physical connection, since the set of such statements is bounded by
/// the methods in the build.
/// </param>
internal sealed record CommandSpec(
    string Sql,
    string? PositionalSql,
    EquatableArray<ParameterBindingSpec> Bindings,
    EquatableArray<ListExpansionSpec> Expansions,
    int CommandTimeout,
    string CommandType,
    bool Preparable);

/// <summary>One SQL parameter as sent to the driver, and the C# expression that gives its value.</summary>
/// <param name="SqlName">The name as written in the SQL, with its '@'.</param>
/// <param name="ValueExpression">
/// The C# expression for the value, already in a type every driver sends: enums as their underlying type (or their
/// name with <c>[EnumAsText]</c>), ushort as int and uint as long.
/// </param>
/// <param name="IsNullable">The value can be null; it is then sent as DBNull with <paramref name="NullDbType"/>.</param>
/// <param name="NullDbType">The DbType member to declare for a null value, so PostgreSQL can infer the parameter's type.</param>
/// <param name="Setter">A GeneratedCodeSupport method that sets the value when the driver decides its form (ulong), or null.</param>
internal sealed record ParameterBindingSpec(string SqlName, string ValueExpression, bool IsNullable, string NullDbType, string? Setter);

/// <summary>A collection parameter after <c>in</c>, expanded to one parameter per element.</summary>
/// <param name="Offset">Where the <c>@name</c> starts in the SQL.</param>
/// <param name="Length">The length of <c>@name</c>.</param>
/// <param name="Parenthesized">Written <c>in (@ids)</c> rather than <c>in @ids</c>.</param>
/// <param name="Collection">The C# expression of the collection.</param>
/// <param name="Element">How each element is sent (its ValueExpression uses the local <c>__element</c>).</param>
internal sealed record ListExpansionSpec(int Offset, int Length, bool Parenthesized, string Collection, ParameterBindingSpec Element);

/// <summary>Execute-many: the command runs once per item of a collection parameter.</summary>
/// <param name="Collection">The C# expression of the collection.</param>
/// <param name="ItemType">The element type.</param>
/// <param name="ItemBindings">Parameters whose values read the local <c>__item</c>.</param>
internal sealed record ExecuteManySpec(string Collection, string ItemType, EquatableArray<ParameterBindingSpec> ItemBindings);

/// <summary>One result set of the command and how it becomes (part of) the return value.</summary>
/// <param name="Type">The declared type of this result, such as <c>List&lt;Album&gt;</c> or <c>Album?</c>.</param>
/// <param name="KnownOrdinals">
/// When the SQL's select list is known at build time: each member's column ordinal (constructor arguments, init
/// members, settable members; -1 for a settable member with no column). The generated code then reads by
/// constant ordinals, as hand-written code does, and checks the names once per process instead of per call.
/// </param>
internal sealed record ResultSetSpec(ResultShape Shape, string Type, RowSpec Row, EquatableArray<int>? KnownOrdinals = null);

/// <summary>What the command produces.</summary>
internal enum CommandShape
{
    /// <summary>One result set, returned as its shape.</summary>
    Query,

    /// <summary>Several result sets, returned as a tuple in order.</summary>
    QueryMultiple,

    /// <summary>Rows affected.</summary>
    ExecuteRowCount,

    /// <summary>Nothing.</summary>
    ExecuteVoid,
}

/// <summary>How one result set is read.</summary>
internal enum ResultShape
{
    List,
    Array,
    Single,
    SingleOrNone,
    First,
    FirstOrDefault,
    Scalar,
    Stream,
}

/// <summary>Sync, or which awaitable the method returns.</summary>
internal enum AsyncKind
{
    None,
    Task,
    ValueTask,
    AsyncEnumerable,
}

/// <summary>Which attribute the method carries.</summary>
internal enum CommandKind
{
    Query,
    Execute,
}
