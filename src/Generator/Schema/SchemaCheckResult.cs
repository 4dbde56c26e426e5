using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Schema;

// Part of the incremental model, so value-equatable records with EquatableArray collections.

/// <summary>What <see cref="SchemaChecker.Check"/> found in one SQL text.</summary>
/// <param name="Findings">References the schema contradicts, in text order.</param>
/// <param name="ResultColumns">
/// For a single SELECT (or a statement with RETURNING) whose result columns could all be listed, one entry
/// per column in order; null otherwise (a <c>*</c> over a relation with unknown columns, a compound SELECT,
/// several statements, a statement the checker does not read).
/// </param>
internal sealed record SchemaCheckResult(EquatableArray<SchemaFinding> Findings, EquatableArray<ResultColumn>? ResultColumns)
{
    public static readonly SchemaCheckResult Empty = new(EquatableArray<SchemaFinding>.Empty, null);
}

internal enum SchemaFindingKind
{
    /// <summary>A table in FROM/JOIN/INSERT INTO/UPDATE/DELETE FROM that is neither in the schema nor a CTE.</summary>
    UnknownTable,

    /// <summary>A column that no relation it can refer to has.</summary>
    UnknownColumn,

    /// <summary>An unqualified column that two or more tables of the same FROM clause have.</summary>
    AmbiguousColumn,
}

/// <summary>One reference the schema contradicts.</summary>
/// <param name="Offset">The start of the offending identifier in the SQL text.</param>
/// <param name="Length">Its length, quotes included.</param>
/// <param name="Name">The identifier without quotes.</param>
/// <param name="Table">The table the column was looked up in, when there was exactly one.</param>
internal sealed record SchemaFinding(SchemaFindingKind Kind, int Offset, int Length, string Name, string? Table, string Message);

/// <summary>One result column.</summary>
/// <param name="Name">The alias, else the column's name, else the expression's source text.</param>
/// <param name="IsNullable">
/// Whether the column can be NULL: the column's own nullability, or true when its table is on the nullable
/// side of an outer join. Null when unknown (most expressions, columns of views, CTEs and subqueries).
/// </param>
/// <param name="SourceTable">The table the column comes from, when it is a plain column reference.</param>
internal sealed record ResultColumn(string Name, bool? IsNullable, string? SourceTable);
