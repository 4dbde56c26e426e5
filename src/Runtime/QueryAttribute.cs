using System;

namespace Sqlmint;

/// <summary>
/// Marks a <c>partial</c> method whose body Sqlmint generates at build time. The SQL runs as a query and
/// its rows are materialized into the method's return type.
/// </summary>
/// <remarks>
/// The return type decides the shape: <c>List&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c> or <c>T[]</c> give every row;
/// a row type <c>T</c> means exactly one row and <c>T?</c> zero or one; a scalar type reads column 0 of row 0.
/// SQL parameters are written <c>@name</c> and bind to the method parameter of that name.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class QueryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">The SQL text, with <c>@name</c> parameters.</param>
    public QueryAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text, with <c>@name</c> parameters.</summary>
    public string Sql { get; }

    /// <summary>
    /// For a single-row return type: <see cref="Cardinality.Single"/> (the default) requires exactly one row for
    /// <c>T</c> and at most one for <c>T?</c>; <see cref="Cardinality.First"/> takes the first row, requiring one
    /// for <c>T</c> and allowing none for <c>T?</c>.
    /// </summary>
    public Cardinality Cardinality { get; set; }

    /// <summary>The command timeout in seconds; 0 (the default) keeps the driver's default.</summary>
    public int CommandTimeout { get; set; }

    /// <summary>Text (the default) or a stored procedure name.</summary>
    public System.Data.CommandType CommandType { get; set; } = System.Data.CommandType.Text;
}

/// <summary>How many rows a single-row return type accepts. See <see cref="QueryAttribute.Cardinality"/>.</summary>
public enum Cardinality
{
    /// <summary><c>T</c>: exactly one row. <c>T?</c>: zero or one row; more is an error.</summary>
    Single,

    /// <summary><c>T</c>: the first of one or more rows. <c>T?</c>: the first row, or null when there is none.</summary>
    First,
}
