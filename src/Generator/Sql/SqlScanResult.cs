using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Sql;

// These types become part of the incremental generator's model, which is cached by value equality,
// so they are immutable records and every collection is an EquatableArray.

/// <summary>What <see cref="SqlScanner.Scan"/> found in one SQL text.</summary>
/// <param name="Parameters">Every <c>@name</c> occurrence, in text order, duplicates included.</param>
/// <param name="Statements">The non-empty statements, split on top-level <c>;</c>.</param>
/// <param name="Problems">Unterminated strings, quoted identifiers, block comments and dollar quotes.</param>
internal sealed record SqlScanResult(
    EquatableArray<SqlParameterToken> Parameters,
    EquatableArray<SqlStatementInfo> Statements,
    EquatableArray<SqlScanProblem> Problems)
{
    public int StatementCount => Statements.Count;
}

/// <summary>One <c>@name</c> occurrence.</summary>
/// <param name="Name">The name without the <c>@</c>.</param>
/// <param name="Offset">The index of the <c>@</c>.</param>
/// <param name="Length">The length including the <c>@</c>.</param>
/// <param name="AfterIn">
/// The previous token is the keyword <c>IN</c> (<c>in @ids</c>), or the parameter is the sole item of
/// the parentheses after <c>IN</c> (<c>in (@ids)</c>): a list to expand.
/// </param>
/// <param name="InsideAny">
/// The parameter directly follows <c>ANY(</c>, <c>SOME(</c> or <c>ALL(</c>: a PostgreSQL array to bind whole.
/// </param>
internal readonly record struct SqlParameterToken(string Name, int Offset, int Length, bool AfterIn, bool InsideAny);

internal enum SqlStatementKind
{
    Unknown,
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Values,
    Create,
    Drop,
    Alter,
    Pragma,
    Begin,
    Commit,
    Rollback,
    Other,
}

/// <summary>One non-empty statement.</summary>
/// <param name="Kind">The main verb; <c>WITH … verb</c> resolves to the verb after the CTEs.</param>
/// <param name="Offset">The start of the statement's first token.</param>
/// <param name="Length">The span up to the end of its last token (no surrounding whitespace, comments or <c>;</c>).</param>
/// <param name="HasWhere">A <c>WHERE</c> at the statement's top level (not inside parentheses or CTEs).</param>
/// <param name="HasReturning">A <c>RETURNING</c> at the statement's top level.</param>
/// <param name="SelectsStar">The SELECT projection (or RETURNING list) has a <c>*</c> or <c>t.*</c> item.</param>
/// <param name="Columns">
/// The result column names of a SELECT (first branch of a UNION) or of a RETURNING list, or null when
/// they cannot be told for every database (an unnamed expression such as <c>count(*)</c>, or a star).
/// </param>
internal sealed record SqlStatementInfo(
    SqlStatementKind Kind,
    int Offset,
    int Length,
    bool HasWhere,
    bool HasReturning,
    bool SelectsStar,
    EquatableArray<string>? Columns);

/// <summary>Something the scanner could not close, at the offset where it opened.</summary>
internal readonly record struct SqlScanProblem(int Offset, string Message);
