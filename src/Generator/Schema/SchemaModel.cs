using System;
using System.Collections.Generic;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Schema;

// These types are cached by the incremental pipeline, which compares them by value: they are immutable
// records and every collection is an EquatableArray (List and ImmutableArray compare by reference).

/// <summary>The tables and views declared by the schema files, in declaration order.</summary>
/// <param name="Tables">Every table and view still alive after all the DDL ran.</param>
/// <param name="Problems">CREATE statements that could not be read completely.</param>
internal sealed record SchemaModel(EquatableArray<TableInfo> Tables, EquatableArray<SchemaProblem> Problems)
{
    public static readonly SchemaModel Empty = new(EquatableArray<TableInfo>.Empty, EquatableArray<SchemaProblem>.Empty);

    /// <summary>
    /// Finds a table by name, ignoring case (SQLite ignores it, PostgreSQL folds unquoted names). A schema
    /// qualifier must match the table's schema when both are given; a table declared without a schema
    /// matches any qualifier (<c>public.album</c>, <c>main.album</c>), since the search path decides.
    /// </summary>
    public TableInfo? FindTable(string name, string? schema = null)
    {
        foreach (TableInfo table in Tables)
        {
            if (table.Matches(name, schema))
            {
                return table;
            }
        }

        return null;
    }

    /// <summary>
    /// Combines models parsed separately: later tables replace earlier ones of the same name. It cannot replay
    /// one file's ALTER TABLE on another file's table; <see cref="SchemaParser.Parse(IEnumerable{ValueTuple{string, string}})"/> can.
    /// </summary>
    public static SchemaModel Merge(IEnumerable<SchemaModel> models)
    {
        var tables = new List<TableInfo>();
        var problems = new List<SchemaProblem>();
        foreach (SchemaModel model in models)
        {
            foreach (TableInfo table in model.Tables)
            {
                tables.RemoveAll(t => t.Matches(table.Name, table.Schema));
                tables.Add(table);
            }

            problems.AddRange(model.Problems);
        }

        return new SchemaModel(tables.ToEquatableArray(), problems.ToEquatableArray());
    }
}

/// <summary>A table or view.</summary>
/// <param name="Name">The name without quotes.</param>
/// <param name="Schema">The schema qualifier it was declared with, if any.</param>
/// <param name="Columns">The columns in declaration order; possibly incomplete when <paramref name="ColumnsKnown"/> is false.</param>
/// <param name="ColumnsKnown">
/// False when the column list could not be recovered (a view over <c>*</c>, <c>CREATE TABLE … AS</c> over an
/// expression, <c>INHERITS</c>, a virtual table, an unreadable definition): the checker then never reports a
/// column of this table as unknown.
/// </param>
/// <param name="IsDerived">
/// The columns come from a query (a view, <c>CREATE TABLE … AS</c>): their names are known but their types are
/// empty and their nullability is not, so the checker reports it as unknown.
/// </param>
internal sealed record TableInfo(
    string Name,
    string? Schema,
    EquatableArray<ColumnInfo> Columns,
    bool ColumnsKnown,
    bool IsDerived = false)
{
    public ColumnInfo? FindColumn(string name)
    {
        foreach (ColumnInfo column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return null;
    }

    public bool Matches(string name, string? schema) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        && (schema is null || Schema is null || string.Equals(Schema, schema, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One column.</summary>
/// <param name="Name">The name without quotes.</param>
/// <param name="Type">
/// The declared type with single spaces between words and none inside parentheses (<c>character varying(40)</c>,
/// <c>NUMERIC(10,2)</c>, <c>int[]</c>); empty when none was declared (SQLite allows that) or for a derived table.
/// </param>
/// <param name="IsNullable">
/// False after <c>NOT NULL</c>, <c>PRIMARY KEY</c> (column or table constraint), <c>GENERATED … AS IDENTITY</c>
/// or a PostgreSQL <c>serial</c> type.
/// </param>
internal sealed record ColumnInfo(string Name, string Type, bool IsNullable);

/// <summary>A statement the parser could not read completely.</summary>
/// <param name="Path">The schema file.</param>
/// <param name="Offset">The character offset in that file where the unreadable part starts.</param>
internal sealed record SchemaProblem(string Path, int Offset, string Message);
