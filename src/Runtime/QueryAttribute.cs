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
}
