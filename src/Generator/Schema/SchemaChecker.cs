using System;
using System.Collections.Generic;
using System.Linq;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Sql;

namespace Sqlmint.Generator.Schema;

/// <summary>
/// Checks the tables and columns a query names against a <see cref="SchemaModel"/>, and works out the
/// nullability of its result columns. A finding becomes a build error for the user, so the rule is: no
/// finding unless every way the database could read the name fails. Whatever the checker does not fully
/// understand (a statement kind, a clause, a FROM item) makes it give up on the whole statement.
/// </summary>
/// <remarks>
/// Never reported: function names, keywords, cast types, output aliases (anywhere in their SELECT, which
/// is more than PostgreSQL allows), whole-row references (<c>row_to_json(a)</c>), system columns
/// (<c>rowid</c>, <c>ctid</c>, …), unqualified <c>"double-quoted"</c> names (SQLite reads an unknown one as a
/// string), a qualifier that names no relation in scope, and any column while a relation in scope has
/// unknown columns (a CTE, a subquery, a table function, a view over <c>*</c>, an unknown table).
/// A subquery sees its own relations and every enclosing one (and, in FROM, its earlier siblings, as
/// LATERAL would): a wider scope can only hide findings.
/// </remarks>
internal static class SchemaChecker
{
    // Deeper nesting than this is not hand-written SQL; the recursive reading stops well before the stack would.
    private const int MaxDepth = 64;

    /// <summary>Never throws: anything unexpected yields no findings.</summary>
    public static SchemaCheckResult Check(string sql, SchemaModel schema)
    {
        try
        {
            return CheckOrThrow(sql, schema);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return SchemaCheckResult.Empty;
        }
    }

    /// <summary><see cref="Check"/> without the safety net, so tests see the checker's own bugs.</summary>
    internal static SchemaCheckResult CheckOrThrow(string sql, SchemaModel schema)
    {
        // No tables means no schema files (or none readable): everything would be an unknown table.
        if (sql is null || schema is null || schema.Tables.Count == 0)
        {
            return SchemaCheckResult.Empty;
        }

        var lexer = new SqlLexer(sql);
        lexer.Run();
        if (lexer.Problems.Count > 0 || lexer.Statements.Count == 0 || !IsBalanced(sql, lexer.Tokens))
        {
            return SchemaCheckResult.Empty;
        }

        var checker = new Checker(new TokenList(sql, lexer.Tokens), schema);
        (int first, int end) = lexer.Statements[0];
        try
        {
            EquatableArray<ResultColumn>? columns = checker.Statement(first, end, new Scope(null), wantResult: lexer.Statements.Count == 1);
            return new SchemaCheckResult(checker.Findings.OrderBy(f => f.Offset).ToEquatableArray(), columns);
        }
        catch (BailException)
        {
            return SchemaCheckResult.Empty;
        }
    }

    private static bool IsBalanced(string sql, List<SqlToken> tokens)
    {
        int open = 0;
        foreach (SqlToken token in tokens)
        {
            if (token.Depth > MaxDepth)
            {
                return false;
            }

            if (token.Kind == SqlTokenKind.OpenParen)
            {
                open++;
            }
            else if (token.Kind == SqlTokenKind.CloseParen && --open < 0)
            {
                return false;
            }
        }

        return open == 0;
    }

    /// <summary>Thrown where the checker meets SQL it does not fully understand; the statement then gets no findings.</summary>
    private sealed class BailException : Exception
    {
    }

    /// <summary>A table, view, CTE, subquery or table function in a FROM clause (or a DML target).</summary>
    private sealed class Relation
    {
        public Relation(string? alias, TableInfo? table, bool hasExplicitAlias)
        {
            Alias = alias;
            Table = table;
            HasExplicitAlias = hasExplicitAlias;
        }

        /// <summary>The name the query refers to it by; null for an unaliased subquery.</summary>
        public string? Alias { get; set; }

        /// <summary>Null when its columns cannot be known (CTE, subquery, function, unknown table).</summary>
        public TableInfo? Table { get; set; }

        public bool HasExplicitAlias { get; set; }

        /// <summary>On the nullable side of an outer join.</summary>
        public bool Nullable { get; set; }

        public bool ColumnsKnown => Table is { ColumnsKnown: true };

        public bool Has(string column) => Table?.FindColumn(column) is not null;
    }

    private sealed class Scope
    {
        public Scope(Scope? parent) => Parent = parent;

        public Scope? Parent { get; }

        public List<Relation> Relations { get; } = new();

        public HashSet<string> Ctes { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> OutputNames { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>A USING or NATURAL join merges same-named columns, so an unqualified one is not ambiguous.</summary>
        public bool HasUsing { get; set; }

        public bool IsCte(string name)
        {
            for (Scope? s = this; s is not null; s = s.Parent)
            {
                if (s.Ctes.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>One SELECT or RETURNING item: its expression [Start, ExpressionEnd) and its alias token, if any.</summary>
    private readonly record struct Item(int Start, int ExpressionEnd, int End, int Alias);

    private sealed class Checker
    {
        private static readonly HashSet<string> s_keywords = new(StringComparer.OrdinalIgnoreCase)
        {
            "abort", "all", "and", "any", "array", "as", "asc", "asymmetric", "at", "between", "both", "by", "cascade",
            "case", "cast", "collate", "collation", "conflict", "cross", "cube", "current", "current_catalog",
            "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
            "date", "default", "delete", "desc", "distinct", "do", "else", "end", "escape", "except", "exclude",
            "excluded", "exists", "fail", "false", "fetch", "filter", "first", "following", "for", "from", "full",
            "glob", "group", "grouping", "groups", "having", "ignore", "ilike", "in", "indexed", "inner", "insert",
            "intersect", "interval", "into", "is", "isnull", "join", "key", "last", "lateral", "leading", "left",
            "like", "limit", "local", "localtime", "localtimestamp", "locked", "match", "materialized", "natural",
            "new", "next", "no", "not", "nothing", "notnull", "nowait", "null", "nulls", "of", "offset", "old", "on",
            "only", "or", "order", "ordinality", "others", "outer", "over", "overlaps", "partition", "placing",
            "preceding", "range", "recursive", "regexp", "repeatable", "replace", "restrict", "returning", "right",
            "rollback", "rollup", "row", "rows", "select", "session_user", "set", "sets", "share", "similar", "skip",
            "some", "symmetric", "system_user", "table", "tablesample", "then", "ties", "time", "timestamp", "to",
            "trailing", "true", "unbounded", "union", "unique", "unknown", "update", "user", "using", "values",
            "variadic", "when", "where", "window", "with", "within", "zone",
        };

        // Columns every table has without declaring them.
        private static readonly HashSet<string> s_systemColumns = new(StringComparer.OrdinalIgnoreCase)
        {
            "rowid", "oid", "_rowid_", "ctid", "xmin", "xmax", "cmin", "cmax", "tableoid",
        };

        // Functions whose arguments are special syntax rather than expressions (`json_value(x, '$' returning int)`);
        // their contents are not checked.
        private static readonly HashSet<string> s_opaqueFunctions = new(StringComparer.OrdinalIgnoreCase)
        {
            "json", "json_table", "json_value", "json_query", "json_exists", "json_object", "json_array",
            "json_objectagg", "json_arrayagg", "json_scalar", "json_serialize", "normalize", "operator", "treat",
            "convert", "overlay", "raise", "trim", "position",
        };

        // Words that continue a type name after `::` (`::double precision`, `::timestamp with time zone`).
        private static readonly HashSet<string> s_typeWords = new(StringComparer.OrdinalIgnoreCase)
        {
            "precision", "varying", "with", "without", "time", "zone", "large", "object", "unsigned", "char",
            "character", "national", "varchar", "day", "hour", "minute", "second", "month", "year", "to", "array",
        };

        private static readonly HashSet<string> s_intervalFields = new(StringComparer.OrdinalIgnoreCase)
        {
            "year", "month", "day", "hour", "minute", "second", "to",
        };

        // After IS [NOT], words up to one of these belong to the test (`is json object`, `is null`).
        private static readonly HashSet<string> s_isStop = new(StringComparer.OrdinalIgnoreCase)
        {
            "and", "or", "then", "when", "else", "end", "from", "where", "group", "having", "order", "limit", "offset",
            "union", "intersect", "except", "window", "returning", "on", "join", "as", "asc", "desc", "left", "right",
            "full", "inner", "cross", "natural", "using", "set", "collate", "distinct", "not", "is", "in", "like",
            "between", "for", "do", "select", "fetch",
        };

        // The same alias rules as the scanner's column recovery: one list, so the two never disagree.
        private static readonly HashSet<string> s_operatorWords = SqlStatementAnalyzer.s_operatorWords;

        private static readonly HashSet<string> s_nonAliasWords = SqlStatementAnalyzer.s_nonAliasWords;

        // Words after a FROM item that are not its alias.
        private static readonly HashSet<string> s_notAliases = new(StringComparer.OrdinalIgnoreCase)
        {
            "where", "join", "left", "right", "full", "inner", "cross", "natural", "on", "using", "group", "order",
            "limit", "offset", "having", "window", "union", "intersect", "except", "fetch", "for", "set", "returning",
            "tablesample", "indexed", "not", "with", "select", "values", "default", "overriding", "lateral", "outer",
            "do", "from", "into", "as", "only",
        };

        private static readonly HashSet<string> s_windowSpecWords = new(StringComparer.OrdinalIgnoreCase)
        {
            "partition", "order", "rows", "range", "groups",
        };

        private readonly TokenList _t;
        private readonly SchemaModel _schema;

        public Checker(TokenList tokens, SchemaModel schema)
        {
            _t = tokens;
            _schema = schema;
        }

        public List<SchemaFinding> Findings { get; } = new();

        private static BailException Bail() => new();

        // ---- Statements -------------------------------------------------------------------------------------

        public EquatableArray<ResultColumn>? Statement(int first, int end, Scope scope, bool wantResult)
        {
            int i = first;
            if (_t.IsWord(i, "WITH"))
            {
                i = With(i, end, scope, out scope);
            }

            if (i >= end)
            {
                throw Bail();
            }

            if (_t.IsWord(i, "SELECT") || _t.IsWord(i, "VALUES") || _t.Is(i, SqlTokenKind.OpenParen))
            {
                return Query(i, end, scope, wantResult);
            }

            if (_t.IsWord(i, "INSERT") || _t.IsWord(i, "REPLACE"))
            {
                return Insert(i, end, scope, wantResult);
            }

            if (_t.IsWord(i, "UPDATE"))
            {
                return Update(i, end, scope, wantResult);
            }

            if (_t.IsWord(i, "DELETE"))
            {
                return Delete(i, end, scope, wantResult);
            }

            throw Bail();
        }

        /// <summary>Reads <c>WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body), …</c>; returns the main verb's index.</summary>
        private int With(int i, int end, Scope outer, out Scope scope)
        {
            scope = new Scope(outer);
            int k = i + 1;
            if (_t.IsWord(k, "RECURSIVE"))
            {
                k++;
            }

            var bodies = new List<(int Open, int Close)>();
            while (true)
            {
                if (!_t.IsIdentifier(k))
                {
                    throw Bail();
                }

                scope.Ctes.Add(_t.Name(k));
                k++;
                if (_t.Is(k, SqlTokenKind.OpenParen))
                {
                    k = CloseOf(k, end) + 1;
                }

                if (!_t.IsWord(k, "AS"))
                {
                    throw Bail();
                }

                k++;
                if (_t.IsWord(k, "NOT"))
                {
                    k++;
                }

                if (_t.IsWord(k, "MATERIALIZED"))
                {
                    k++;
                }

                if (!_t.Is(k, SqlTokenKind.OpenParen))
                {
                    throw Bail();
                }

                int close = CloseOf(k, end);
                bodies.Add((k, close));
                k = close + 1;
                if (!_t.Is(k, SqlTokenKind.Comma))
                {
                    break;
                }

                k++;
            }

            // Every CTE name is visible in every body: right for RECURSIVE, and only wider otherwise.
            foreach ((int open, int close) in bodies)
            {
                Statement(open + 1, close, scope, wantResult: false);
            }

            return k;
        }

        /// <summary>A SELECT, VALUES or parenthesized query, possibly compound.</summary>
        private EquatableArray<ResultColumn>? Query(int i, int end, Scope scope, bool wantResult)
        {
            int depth = _t.Depth(i);
            var segments = new List<(int Start, int End)>();
            int segmentStart = i;
            for (int k = i; k < end; k++)
            {
                if (_t.Depth(k) == depth && (_t.IsWord(k, "UNION") || _t.IsWord(k, "INTERSECT") || _t.IsWord(k, "EXCEPT")))
                {
                    segments.Add((segmentStart, k));
                    if (_t.IsWord(k + 1, "ALL") || _t.IsWord(k + 1, "DISTINCT"))
                    {
                        k++;
                    }

                    segmentStart = k + 1;
                }
            }

            segments.Add((segmentStart, end));
            if (segments.Count == 1)
            {
                return Block(i, end, scope, wantResult);
            }

            for (int n = 0; n < segments.Count; n++)
            {
                (int start, int segmentEnd) = segments[n];
                if (n == segments.Count - 1)
                {
                    // The trailing ORDER BY/LIMIT belong to the whole compound and name its output columns: not checked.
                    for (int k = start; k < segmentEnd; k++)
                    {
                        if (_t.Depth(k) == depth && (IsClause(k, "ORDER") || _t.IsWord(k, "LIMIT") || _t.IsWord(k, "OFFSET") || _t.IsWord(k, "FETCH")))
                        {
                            segmentEnd = k;
                            break;
                        }
                    }
                }

                if (start >= segmentEnd)
                {
                    throw Bail();
                }

                Block(start, segmentEnd, scope, wantResult: false);
            }

            return null;
        }

        private bool IsClause(int k, string word) => _t.IsWord(k, word) && _t.IsWord(k + 1, "BY");

        /// <summary>One SELECT, VALUES or parenthesized query.</summary>
        private EquatableArray<ResultColumn>? Block(int i, int end, Scope scope, bool wantResult)
        {
            if (_t.IsWord(i, "VALUES"))
            {
                // Rows of literals and parameters; a subquery in them would be unusual, and skipping is safe.
                return null;
            }

            if (_t.Is(i, SqlTokenKind.OpenParen))
            {
                int close = CloseOf(i, end);
                Statement(i + 1, close, scope, wantResult: false);
                return null;
            }

            if (!_t.IsWord(i, "SELECT"))
            {
                throw Bail();
            }

            int depth = _t.Depth(i);
            int listStart = i + 1;
            int distinctOn = -1;
            if (_t.IsWord(listStart, "DISTINCT"))
            {
                listStart++;
                if (_t.IsWord(listStart, "ON") && _t.Is(listStart + 1, SqlTokenKind.OpenParen))
                {
                    distinctOn = listStart + 1;
                    listStart = CloseOf(distinctOn, end) + 1;
                }
            }
            else if (_t.IsWord(listStart, "ALL"))
            {
                listStart++;
            }

            // Clause starts in their required order: FROM, WHERE, GROUP BY, HAVING, WINDOW, ORDER BY, then the tail.
            int[] clauses = { -1, -1, -1, -1, -1, -1 };
            int tail = end;
            int lastRank = -1;
            for (int k = listStart; k < end; k++)
            {
                if (_t.Depth(k) != depth || !_t.Is(k, SqlTokenKind.Word))
                {
                    continue;
                }

                int rank = ClauseRank(k);
                if (rank == -2)
                {
                    throw Bail();
                }

                if (rank < 0)
                {
                    continue;
                }

                if (rank == 6)
                {
                    tail = k;
                    break;
                }

                if (rank <= lastRank)
                {
                    throw Bail();
                }

                clauses[rank] = k;
                lastRank = rank;
            }

            int ClauseEnd(int rank)
            {
                for (int r = rank + 1; r < clauses.Length; r++)
                {
                    if (clauses[r] >= 0)
                    {
                        return clauses[r];
                    }
                }

                return tail;
            }

            int listEnd = ClauseEnd(-1);
            Scope block;
            var onRanges = new List<(int, int)>();
            if (clauses[0] >= 0)
            {
                block = From(clauses[0] + 1, ClauseEnd(0), scope, onRanges);
            }
            else
            {
                block = new Scope(scope);
            }

            // PostgreSQL allows an empty list (`exists (select from t where …)`).
            List<Item> items = listStart < listEnd ? Items(listStart, listEnd, depth) : new List<Item>();
            foreach (Item item in items)
            {
                if (item.Alias >= 0)
                {
                    block.OutputNames.Add(_t.Name(item.Alias));
                }
            }

            if (distinctOn >= 0)
            {
                CheckExpression(distinctOn + 1, CloseOf(distinctOn, end), block, ambiguity: false);
            }

            foreach (Item item in items)
            {
                CheckExpression(item.Start, item.ExpressionEnd, block, ambiguity: true);
            }

            // An ON condition sees only the relations joined so far, so a name in two tables of the FROM may
            // still be unambiguous there.
            foreach ((int start, int stop) in onRanges)
            {
                CheckExpression(start, stop, block, ambiguity: false);
            }

            if (clauses[1] >= 0)
            {
                CheckExpression(clauses[1] + 1, ClauseEnd(1), block, ambiguity: true);
            }

            // GROUP BY, HAVING and ORDER BY may name output columns, so their names are never called ambiguous.
            if (clauses[2] >= 0)
            {
                CheckExpression(clauses[2] + 2, ClauseEnd(2), block, ambiguity: false);
            }

            if (clauses[3] >= 0)
            {
                CheckExpression(clauses[3] + 1, ClauseEnd(3), block, ambiguity: false);
            }

            // clauses[4], WINDOW: named window definitions are not checked.
            if (clauses[5] >= 0)
            {
                CheckExpression(clauses[5] + 2, ClauseEnd(5), block, ambiguity: false);
            }

            return wantResult ? ResultColumns(items, block, grouped: clauses[2] >= 0) : null;
        }

        /// <summary>0 FROM … 5 ORDER BY, 6 the tail (LIMIT, OFFSET, FETCH, FOR UPDATE), -1 none, -2 unsupported.</summary>
        private int ClauseRank(int k)
        {
            if (_t.IsWord(k, "FROM"))
            {
                // `a IS [NOT] DISTINCT FROM b` is an operator, not the clause.
                bool isOperator = _t.IsWord(k - 1, "DISTINCT") && (_t.IsWord(k - 2, "IS") || _t.IsWord(k - 2, "NOT"));
                return isOperator ? -1 : 0;
            }

            if (_t.IsWord(k, "WHERE"))
            {
                return 1;
            }

            if (IsClause(k, "GROUP") && !_t.IsWord(k - 1, "WITHIN"))
            {
                return 2;
            }

            if (_t.IsWord(k, "HAVING"))
            {
                return 3;
            }

            if (_t.IsWord(k, "WINDOW"))
            {
                return 4;
            }

            if (IsClause(k, "ORDER"))
            {
                return 5;
            }

            if (_t.IsWord(k, "LIMIT") || _t.IsWord(k, "OFFSET") || _t.IsWord(k, "FETCH")
                || (_t.IsWord(k, "FOR") && (_t.IsWord(k + 1, "UPDATE") || _t.IsWord(k + 1, "SHARE") || _t.IsWord(k + 1, "NO") || _t.IsWord(k + 1, "KEY"))))
            {
                return 6;
            }

            // SELECT INTO creates a table (PostgreSQL) or assigns variables; UNION here means the split went wrong.
            if (_t.IsWord(k, "INTO") || _t.IsWord(k, "UNION") || _t.IsWord(k, "INTERSECT") || _t.IsWord(k, "EXCEPT")
                || _t.IsWord(k, "RETURNING"))
            {
                return -2;
            }

            return -1;
        }

        private EquatableArray<ResultColumn>? Insert(int i, int end, Scope scope, bool wantResult)
        {
            int depth = _t.Depth(i);
            int k = i + 1;
            if (_t.IsWord(k, "OR"))
            {
                k += 2;
            }

            if (!_t.IsWord(k, "INTO"))
            {
                throw Bail();
            }

            k++;
            Relation target = Target(ref k, scope);
            if (_t.IsWord(k, "AS") && _t.IsIdentifier(k + 1))
            {
                target.Alias = _t.Name(k + 1);
                target.HasExplicitAlias = true;
                k += 2;
            }

            var targetScope = new Scope(scope);
            targetScope.Relations.Add(target);

            if (_t.Is(k, SqlTokenKind.OpenParen) && !IsQueryStart(k + 1))
            {
                int close = CloseOf(k, end);
                CheckTargetColumns(k + 1, close, target);
                k = close + 1;
            }

            if (_t.IsWord(k, "OVERRIDING"))
            {
                k += 3;
            }

            int sourceEnd = end;
            for (int j = k; j < end; j++)
            {
                if (_t.Depth(j) == depth && ((_t.IsWord(j, "ON") && _t.IsWord(j + 1, "CONFLICT")) || _t.IsWord(j, "RETURNING")))
                {
                    sourceEnd = j;
                    break;
                }
            }

            if (_t.IsWord(k, "DEFAULT") && _t.IsWord(k + 1, "VALUES"))
            {
                k += 2;
            }
            else if (_t.IsWord(k, "VALUES"))
            {
                // The rows cannot refer to columns; they are not checked.
                k = sourceEnd;
            }
            else if (_t.IsWord(k, "SELECT") || _t.IsWord(k, "WITH") || _t.Is(k, SqlTokenKind.OpenParen))
            {
                // The source query does not see the target table.
                Statement(k, sourceEnd, scope, wantResult: false);
                k = sourceEnd;
            }
            else
            {
                throw Bail();
            }

            if (k != sourceEnd)
            {
                throw Bail();
            }

            while (_t.IsWord(k, "ON") && _t.IsWord(k + 1, "CONFLICT"))
            {
                k = OnConflict(k + 2, end, depth, scope, target);
            }

            return Returning(k, end, targetScope, wantResult);
        }

        private int OnConflict(int k, int end, int depth, Scope scope, Relation target)
        {
            if (_t.Is(k, SqlTokenKind.OpenParen))
            {
                int close = CloseOf(k, end);
                CheckTargetColumns(k + 1, close, target);
                k = close + 1;
                if (_t.IsWord(k, "WHERE"))
                {
                    // An index predicate; not checked.
                    while (k < end && !(_t.Depth(k) == depth && _t.IsWord(k, "DO")))
                    {
                        k++;
                    }
                }
            }
            else if (_t.IsWord(k, "ON") && _t.IsWord(k + 1, "CONSTRAINT"))
            {
                k += 3;
            }

            if (!_t.IsWord(k, "DO"))
            {
                throw Bail();
            }

            k++;
            if (_t.IsWord(k, "NOTHING"))
            {
                return k + 1;
            }

            if (!_t.IsWord(k, "UPDATE") || !_t.IsWord(k + 1, "SET"))
            {
                throw Bail();
            }

            var upsert = new Scope(scope);
            upsert.Relations.Add(target);
            upsert.Relations.Add(new Relation("excluded", target.Table, hasExplicitAlias: true));
            int setStart = k + 2;
            int setEnd = FindAtDepth(setStart, end, depth, j => _t.IsWord(j, "WHERE") || IsOnConflict(j) || _t.IsWord(j, "RETURNING"));
            SetItems(setStart, setEnd, depth, target, upsert);
            k = setEnd;
            if (_t.IsWord(k, "WHERE"))
            {
                int whereEnd = FindAtDepth(k + 1, end, depth, j => IsOnConflict(j) || _t.IsWord(j, "RETURNING"));
                CheckExpression(k + 1, whereEnd, upsert, ambiguity: false);
                k = whereEnd;
            }

            return k;
        }

        private bool IsOnConflict(int j) => _t.IsWord(j, "ON") && _t.IsWord(j + 1, "CONFLICT");

        private EquatableArray<ResultColumn>? Update(int i, int end, Scope scope, bool wantResult)
        {
            int depth = _t.Depth(i);
            int k = i + 1;
            if (_t.IsWord(k, "OR"))
            {
                k += 2;
            }

            Relation target = TargetWithAlias(ref k, scope, "SET");
            if (!_t.IsWord(k, "SET"))
            {
                throw Bail();
            }

            int setStart = k + 1;
            int from = -1, where = -1, returning = -1, tail = end;
            for (int j = setStart; j < end; j++)
            {
                if (_t.Depth(j) != depth || !_t.Is(j, SqlTokenKind.Word))
                {
                    continue;
                }

                if (_t.IsWord(j, "FROM") && from < 0 && where < 0 && returning < 0 && ClauseRank(j) == 0)
                {
                    from = j;
                }
                else if (_t.IsWord(j, "WHERE") && where < 0 && returning < 0)
                {
                    if (_t.IsWord(j + 1, "CURRENT") && _t.IsWord(j + 2, "OF"))
                    {
                        throw Bail();
                    }

                    where = j;
                }
                else if (_t.IsWord(j, "RETURNING") && returning < 0)
                {
                    returning = j;
                }
                else if (IsClause(j, "ORDER") || _t.IsWord(j, "LIMIT"))
                {
                    tail = j;
                    break;
                }
            }

            int setEnd = FirstOf(from, where, returning, tail);
            var targetScope = new Scope(scope);
            targetScope.Relations.Add(target);
            Scope expressionScope = targetScope;
            var onRanges = new List<(int, int)>();
            if (from >= 0)
            {
                expressionScope = From(from + 1, FirstOf(where, returning, tail), targetScope, onRanges);
            }

            SetItems(setStart, setEnd, depth, target, expressionScope);
            foreach ((int start, int stop) in onRanges)
            {
                CheckExpression(start, stop, expressionScope, ambiguity: false);
            }

            if (where >= 0)
            {
                CheckExpression(where + 1, FirstOf(returning, tail), expressionScope, ambiguity: false);
            }

            return returning >= 0 ? Returning(returning, tail, expressionScope, wantResult) : Returning(tail, end, expressionScope, wantResult, allowTail: true);
        }

        private EquatableArray<ResultColumn>? Delete(int i, int end, Scope scope, bool wantResult)
        {
            int depth = _t.Depth(i);
            int k = i + 1;
            if (!_t.IsWord(k, "FROM"))
            {
                throw Bail();
            }

            k++;
            Relation target = TargetWithAlias(ref k, scope, "USING");
            int usingAt = -1, where = -1, returning = -1, tail = end;
            for (int j = k; j < end; j++)
            {
                if (_t.Depth(j) != depth || !_t.Is(j, SqlTokenKind.Word))
                {
                    continue;
                }

                if (_t.IsWord(j, "USING") && usingAt < 0 && where < 0 && j == k)
                {
                    usingAt = j;
                }
                else if (_t.IsWord(j, "WHERE") && where < 0 && returning < 0)
                {
                    if (_t.IsWord(j + 1, "CURRENT") && _t.IsWord(j + 2, "OF"))
                    {
                        throw Bail();
                    }

                    where = j;
                }
                else if (_t.IsWord(j, "RETURNING") && returning < 0)
                {
                    returning = j;
                }
                else if (IsClause(j, "ORDER") || _t.IsWord(j, "LIMIT"))
                {
                    tail = j;
                    break;
                }
            }

            if (FirstOf(usingAt, where, returning, tail) != k)
            {
                throw Bail();
            }

            var targetScope = new Scope(scope);
            targetScope.Relations.Add(target);
            Scope expressionScope = targetScope;
            var onRanges = new List<(int, int)>();
            if (usingAt >= 0)
            {
                expressionScope = From(usingAt + 1, FirstOf(where, returning, tail), targetScope, onRanges);
            }

            foreach ((int start, int stop) in onRanges)
            {
                CheckExpression(start, stop, expressionScope, ambiguity: false);
            }

            if (where >= 0)
            {
                CheckExpression(where + 1, FirstOf(returning, tail), expressionScope, ambiguity: false);
            }

            return returning >= 0 ? Returning(returning, tail, expressionScope, wantResult) : Returning(tail, end, expressionScope, wantResult, allowTail: true);
        }

        private static int FirstOf(params int[] indexes)
        {
            int first = int.MaxValue;
            foreach (int index in indexes)
            {
                if (index >= 0 && index < first)
                {
                    first = index;
                }
            }

            return first;
        }

        /// <summary>At <c>RETURNING</c>: checks the list and computes its columns; anywhere else, the statement has ended.</summary>
        private EquatableArray<ResultColumn>? Returning(int k, int end, Scope scope, bool wantResult, bool allowTail = false)
        {
            if (!_t.IsWord(k, "RETURNING"))
            {
                // SQLite's UPDATE/DELETE … ORDER BY … LIMIT is not checked.
                if (k < end && !allowTail)
                {
                    throw Bail();
                }

                return null;
            }

            List<Item> items = Items(k + 1, end, _t.Depth(k));
            foreach (Item item in items)
            {
                CheckExpression(item.Start, item.ExpressionEnd, scope, ambiguity: false);
            }

            return wantResult ? ResultColumns(items, scope, grouped: false) : null;
        }

        /// <summary>The table after INSERT INTO: <c>name</c>, <c>schema.name</c>.</summary>
        private Relation Target(ref int k, Scope scope)
        {
            if (_t.IsWord(k, "ONLY"))
            {
                k++;
            }

            if (!_t.IsIdentifier(k))
            {
                throw Bail();
            }

            var parts = new List<int> { k };
            k++;
            while (_t.Is(k, SqlTokenKind.Dot) && _t.IsIdentifier(k + 1))
            {
                parts.Add(k + 1);
                k += 2;
            }

            if (parts.Count > 3)
            {
                throw Bail();
            }

            if (_t.Is(k, SqlTokenKind.Star))
            {
                k++;
            }

            return TableRelation(parts, scope);
        }

        /// <summary>The target of UPDATE or DELETE, with its optional alias and SQLite's INDEXED BY.</summary>
        private Relation TargetWithAlias(ref int k, Scope scope, string next)
        {
            Relation target = Target(ref k, scope);
            if (_t.IsWord(k, "AS") && _t.IsIdentifier(k + 1))
            {
                target.Alias = _t.Name(k + 1);
                target.HasExplicitAlias = true;
                k += 2;
            }
            else if (_t.IsIdentifier(k) && !_t.IsWord(k, next) && !_t.IsWordIn(k, s_notAliases))
            {
                target.Alias = _t.Name(k);
                target.HasExplicitAlias = true;
                k++;
            }

            SkipIndexedBy(ref k);
            return target;
        }

        private void SkipIndexedBy(ref int k)
        {
            if (_t.IsWord(k, "INDEXED") && _t.IsWord(k + 1, "BY"))
            {
                k += 3;
            }
            else if (_t.IsWord(k, "NOT") && _t.IsWord(k + 1, "INDEXED"))
            {
                k += 2;
            }
        }

        /// <summary>A named table reference: a CTE, a schema table, or an unknown table (reported).</summary>
        private Relation TableRelation(List<int> parts, Scope scope)
        {
            int nameAt = parts[parts.Count - 1];
            string name = _t.Name(nameAt);
            if (parts.Count == 1 && scope.IsCte(name))
            {
                return new Relation(name, null, hasExplicitAlias: false);
            }

            string? schema = parts.Count >= 2 ? _t.Name(parts[parts.Count - 2]) : null;
            TableInfo? table = _schema.FindTable(name, schema);
            if (table is null && IsSystemCatalog(name, schema))
            {
                return new Relation(name, null, hasExplicitAlias: false);
            }

            if (table is null)
            {
                Report(SchemaFindingKind.UnknownTable, nameAt, name, null, $"Table '{name}' does not exist in the schema.");
            }

            return new Relation(name, table, hasExplicitAlias: false);
        }

        // The databases' own catalogs are never in a schema script.
        private static bool IsSystemCatalog(string name, string? schema) =>
            name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
            || string.Equals(schema, "pg_catalog", StringComparison.OrdinalIgnoreCase)
            || string.Equals(schema, "information_schema", StringComparison.OrdinalIgnoreCase);

        private void SetItems(int start, int end, int depth, Relation target, Scope scope)
        {
            foreach ((int s, int e) in Split(start, end, depth))
            {
                int assign = FindAtDepth(s, e, depth, j => _t.IsChar(j, '='));
                if (assign >= e || assign == s)
                {
                    throw Bail();
                }

                if (_t.Is(s, SqlTokenKind.OpenParen))
                {
                    CheckTargetColumns(s + 1, CloseOf(s, e), target);
                }
                else if (_t.IsIdentifier(s) && (assign == s + 1 || IsSubscript(s + 1)))
                {
                    // `a = …` or `a[1] = …`; `a.b = …` assigns a field of a composite column and is not checked.
                    CheckTargetColumns(s, s + 1, target);
                }

                CheckExpression(assign + 1, e, scope, ambiguity: false);
            }
        }

        private bool IsSubscript(int k) => _t.Is(k, SqlTokenKind.OpenParen) && _t.Sql[_t[k].Start] == '[';

        /// <summary>A column list of the target (INSERT, ON CONFLICT, SET (a, b)); only plain names are checked.</summary>
        private void CheckTargetColumns(int start, int end, Relation target)
        {
            foreach ((int s, int e) in Split(start, end, _t.Depth(start)))
            {
                if (e - s != 1 || !_t.IsIdentifier(s) || !target.ColumnsKnown)
                {
                    continue;
                }

                string name = _t.Name(s);
                if (!target.Has(name) && !s_systemColumns.Contains(name))
                {
                    string table = target.Table!.Name;
                    Report(SchemaFindingKind.UnknownColumn, s, name, table, $"Column '{name}' does not exist in table '{table}'.");
                }
            }
        }

        // ---- FROM -------------------------------------------------------------------------------------------

        private enum JoinKind
        {
            Inner,
            Left,
            Right,
            Full,
        }

        /// <summary>Reads a FROM (or UPDATE FROM, DELETE USING) list into a new scope; ON conditions are returned to check later.</summary>
        private Scope From(int start, int end, Scope parent, List<(int, int)> onRanges)
        {
            var scope = new Scope(parent);
            if (start >= end)
            {
                throw Bail();
            }

            int depth = _t.Depth(start);
            int k = start;
            JoinKind join = JoinKind.Inner;
            while (true)
            {
                Relation relation = FromItem(ref k, end, scope);
                switch (join)
                {
                    case JoinKind.Left:
                        relation.Nullable = true;
                        break;
                    case JoinKind.Right:
                        scope.Relations.ForEach(r => r.Nullable = true);
                        break;
                    case JoinKind.Full:
                        relation.Nullable = true;
                        scope.Relations.ForEach(r => r.Nullable = true);
                        break;
                }

                scope.Relations.Add(relation);
                if (_t.IsWord(k, "ON"))
                {
                    int stop = FindAtDepth(k + 1, end, depth, j => _t.Is(j, SqlTokenKind.Comma) || IsJoinWord(j));
                    onRanges.Add((k + 1, stop));
                    k = stop;
                }
                else if (_t.IsWord(k, "USING") && _t.Is(k + 1, SqlTokenKind.OpenParen))
                {
                    scope.HasUsing = true;
                    k = CloseOf(k + 1, end) + 1;
                }

                if (k >= end)
                {
                    return scope;
                }

                if (_t.Is(k, SqlTokenKind.Comma))
                {
                    join = JoinKind.Inner;
                    k++;
                    continue;
                }

                if (_t.IsWord(k, "NATURAL"))
                {
                    scope.HasUsing = true;
                    k++;
                }

                join = JoinKind.Inner;
                if (_t.IsWord(k, "LEFT"))
                {
                    join = JoinKind.Left;
                    k++;
                }
                else if (_t.IsWord(k, "RIGHT"))
                {
                    join = JoinKind.Right;
                    k++;
                }
                else if (_t.IsWord(k, "FULL"))
                {
                    join = JoinKind.Full;
                    k++;
                }
                else if (_t.IsWord(k, "INNER") || _t.IsWord(k, "CROSS"))
                {
                    k++;
                }

                if (_t.IsWord(k, "OUTER"))
                {
                    k++;
                }

                if (!_t.IsWord(k, "JOIN"))
                {
                    throw Bail();
                }

                k++;
            }
        }

        private bool IsJoinWord(int j) =>
            _t.IsWord(j, "JOIN") || _t.IsWord(j, "INNER") || _t.IsWord(j, "CROSS") || _t.IsWord(j, "NATURAL")
            || ((_t.IsWord(j, "LEFT") || _t.IsWord(j, "RIGHT") || _t.IsWord(j, "FULL")) && !_t.Is(j + 1, SqlTokenKind.OpenParen));

        private Relation FromItem(ref int k, int end, Scope scope)
        {
            if (_t.IsWord(k, "LATERAL"))
            {
                k++;
            }

            Relation relation;
            if (_t.Is(k, SqlTokenKind.OpenParen))
            {
                if (!IsQueryStart(k + 1))
                {
                    // A parenthesized join.
                    throw Bail();
                }

                int close = CloseOf(k, end);
                Statement(k + 1, close, scope, wantResult: false);
                k = close + 1;
                relation = new Relation(null, null, hasExplicitAlias: false);
            }
            else if (_t.IsWord(k, "ROWS") && _t.IsWord(k + 1, "FROM"))
            {
                throw Bail();
            }
            else
            {
                if (_t.IsWord(k, "ONLY"))
                {
                    k++;
                }

                if (!_t.IsIdentifier(k) || (_t.Is(k, SqlTokenKind.Word) && _t.IsWordIn(k, s_keywords) && !_t.Is(k + 1, SqlTokenKind.OpenParen)))
                {
                    throw Bail();
                }

                var parts = new List<int> { k };
                k++;
                while (_t.Is(k, SqlTokenKind.Dot) && _t.IsIdentifier(k + 1))
                {
                    parts.Add(k + 1);
                    k += 2;
                }

                if (parts.Count > 3)
                {
                    throw Bail();
                }

                if (_t.Is(k, SqlTokenKind.OpenParen))
                {
                    // A table-valued function (generate_series, json_each, unnest): columns unknown, arguments unchecked.
                    k = CloseOf(k, end) + 1;
                    relation = new Relation(_t.Name(parts[parts.Count - 1]), null, hasExplicitAlias: false);
                    if (_t.IsWord(k, "WITH") && _t.IsWord(k + 1, "ORDINALITY"))
                    {
                        k += 2;
                    }
                }
                else
                {
                    relation = TableRelation(parts, scope);
                    if (_t.Is(k, SqlTokenKind.Star))
                    {
                        k++;
                    }
                }
            }

            if (_t.IsWord(k, "AS"))
            {
                if (!_t.IsIdentifier(k + 1))
                {
                    throw Bail();
                }

                relation.Alias = _t.Name(k + 1);
                relation.HasExplicitAlias = true;
                k += 2;
            }
            else if (_t.IsIdentifier(k) && !_t.IsWordIn(k, s_notAliases))
            {
                relation.Alias = _t.Name(k);
                relation.HasExplicitAlias = true;
                k++;
            }

            if (relation.HasExplicitAlias && _t.Is(k, SqlTokenKind.OpenParen))
            {
                // `t AS x(a, b)` renames the columns.
                relation.Table = null;
                k = CloseOf(k, end) + 1;
            }

            if (_t.IsWord(k, "TABLESAMPLE"))
            {
                k += 2;
                if (_t.Is(k, SqlTokenKind.OpenParen))
                {
                    k = CloseOf(k, end) + 1;
                }

                if (_t.IsWord(k, "REPEATABLE") && _t.Is(k + 1, SqlTokenKind.OpenParen))
                {
                    k = CloseOf(k + 1, end) + 1;
                }
            }

            SkipIndexedBy(ref k);
            return relation;
        }

        // ---- Expressions ------------------------------------------------------------------------------------

        private void CheckExpression(int start, int end, Scope scope, bool ambiguity)
        {
            int k = start;
            while (k < end)
            {
                switch (_t[k].Kind)
                {
                    case SqlTokenKind.OpenParen:
                        if (IsQueryStart(k + 1))
                        {
                            int close = CloseOf(k, end);
                            Statement(k + 1, close, scope, wantResult: false);
                            k = close + 1;
                        }
                        else
                        {
                            k++;
                        }

                        break;
                    case SqlTokenKind.Semicolon:
                        throw Bail();
                    case SqlTokenKind.Cast:
                        k = SkipType(k + 1, end);
                        break;
                    case SqlTokenKind.Operator:
                        // `:name`, `$name`, `?name`: parameters of other drivers, not columns.
                        bool prefix = _t.IsChar(k, ':') || _t.IsChar(k, '$') || _t.IsChar(k, '?');
                        k += prefix && _t.Is(k + 1, SqlTokenKind.Word) && _t[k + 1].Start == _t[k].End ? 2 : 1;
                        break;
                    case SqlTokenKind.Word:
                        k = Word(k, end, scope, ambiguity);
                        break;
                    case SqlTokenKind.QuotedIdentifier:
                        k = Reference(k, end, scope, ambiguity);
                        break;
                    default:
                        k++;
                        break;
                }
            }
        }

        private bool IsQueryStart(int k) =>
            _t.IsWord(k, "SELECT") || _t.IsWord(k, "WITH") || _t.IsWord(k, "VALUES")
            || (_t.Is(k, SqlTokenKind.OpenParen) && IsQueryStart(k + 1));

        private int Word(int k, int end, Scope scope, bool ambiguity)
        {
            if (_t.IsWord(k, "OVER"))
            {
                if (_t.Is(k + 1, SqlTokenKind.OpenParen))
                {
                    // `over (w order by x)` extends the named window w.
                    int first = k + 2;
                    return _t.IsIdentifier(first) && !_t.IsWordIn(first, s_windowSpecWords) ? first + 1 : first;
                }

                return _t.IsIdentifier(k + 1) ? k + 2 : k + 1;
            }

            if (_t.Is(k + 1, SqlTokenKind.OpenParen) && !IsSubscript(k + 1))
            {
                if (_t.IsWordIn(k, s_opaqueFunctions) || _t.Text(k).StartsWith("xml", StringComparison.OrdinalIgnoreCase))
                {
                    return CloseOf(k + 1, end) + 1;
                }

                if (_t.IsWord(k, "CAST") || _t.IsWord(k, "TRY_CAST") || _t.IsWord(k, "EXTRACT"))
                {
                    // CAST(x AS type): x only. EXTRACT(field FROM x): x only.
                    int close = CloseOf(k + 1, end);
                    int inner = _t.Depth(k + 1) + 1;
                    string separator = _t.IsWord(k, "EXTRACT") ? "FROM" : "AS";
                    int at = FindAtDepth(k + 2, close, inner, j => _t.IsWord(j, separator));
                    if (separator == "AS")
                    {
                        CheckExpression(k + 2, at, scope, ambiguity);
                    }
                    else if (at < close)
                    {
                        CheckExpression(at + 1, close, scope, ambiguity);
                    }

                    return close + 1;
                }

                // A function call: its arguments are walked as expressions.
                return k + 1;
            }

            if (_t.IsWord(k, "IS"))
            {
                int j = k + 1;
                if (_t.IsWord(j, "NOT"))
                {
                    j++;
                }

                if (_t.IsWord(j, "DISTINCT"))
                {
                    return j + 1;
                }

                while (j < end && _t.Is(j, SqlTokenKind.Word) && !_t.IsWordIn(j, s_isStop))
                {
                    j = _t.IsWord(j, "OF") && _t.Is(j + 1, SqlTokenKind.OpenParen) ? CloseOf(j + 1, end) + 1 : j + 1;
                }

                return j;
            }

            if (_t.IsWord(k, "COLLATE"))
            {
                int j = k + 1;
                while (_t.IsIdentifier(j) && _t.Is(j + 1, SqlTokenKind.Dot))
                {
                    j += 2;
                }

                return j + 1;
            }

            if (_t.IsWord(k, "INTERVAL") && _t.Is(k + 1, SqlTokenKind.String))
            {
                int j = k + 2;
                while (_t.IsWordIn(j, s_intervalFields))
                {
                    j++;
                }

                return j;
            }

            if (_t.IsWord(k, "IN") && _t.IsIdentifier(k + 1) && !_t.Is(k + 2, SqlTokenKind.OpenParen))
            {
                // SQLite's `x IN table`.
                int j = k + 1;
                while (_t.IsIdentifier(j) && _t.Is(j + 1, SqlTokenKind.Dot))
                {
                    j += 2;
                }

                return j + 1;
            }

            // A keyword can qualify a column (`excluded.name`, PostgreSQL 18's `old.name`).
            if (_t.IsWordIn(k, s_keywords) && !(_t.Is(k + 1, SqlTokenKind.Dot) && _t.IsIdentifier(k + 2)))
            {
                return k + 1;
            }

            if ((_t.IsWord(k, "U") && _t.IsChar(k + 1, '&')))
            {
                // U&'…' is a Unicode string.
                return k + 2;
            }

            return Reference(k, end, scope, ambiguity);
        }

        /// <summary>After <c>::</c>: a possibly qualified type name, its modifiers, array brackets and trailing words.</summary>
        private int SkipType(int k, int end)
        {
            if (!_t.IsIdentifier(k))
            {
                return k;
            }

            k++;
            while (_t.Is(k, SqlTokenKind.Dot) && _t.IsIdentifier(k + 1))
            {
                k += 2;
            }

            while (k < end)
            {
                if (_t.Is(k, SqlTokenKind.OpenParen))
                {
                    k = CloseOf(k, end) + 1;
                }
                else if (_t.IsWordIn(k, s_typeWords))
                {
                    k++;
                }
                else
                {
                    break;
                }
            }

            return k;
        }

        /// <summary>An identifier in an expression: a column, <c>t.column</c>, <c>s.t.column</c>, or something that only looks like one.</summary>
        private int Reference(int k, int end, Scope scope, bool ambiguity)
        {
            if (_t.Is(k - 1, SqlTokenKind.Dot))
            {
                // `(composite).field`.
                return k + 1;
            }

            var parts = new List<int> { k };
            int j = k + 1;
            while (j + 1 < end && _t.Is(j, SqlTokenKind.Dot) && (_t.IsIdentifier(j + 1) || _t.Is(j + 1, SqlTokenKind.Star)))
            {
                parts.Add(j + 1);
                j += 2;
            }

            bool isCall = _t.Is(j, SqlTokenKind.OpenParen) && !IsSubscript(j);
            bool isTypedLiteral = parts.Count == 1 && _t.Is(j, SqlTokenKind.String);
            bool isNamedArgument = (_t.IsChar(j, '=') && _t.IsChar(j + 1, '>')) || (_t.IsChar(j, ':') && _t.IsChar(j + 1, '='));
            if (isCall || isTypedLiteral || isNamedArgument || _t.Is(parts[parts.Count - 1], SqlTokenKind.Star))
            {
                return j;
            }

            switch (parts.Count)
            {
                case 1:
                    Unqualified(k, scope, ambiguity);
                    break;
                case 2:
                    Qualified(null, parts[0], parts[1], scope);
                    break;
                case 3:
                    Qualified(parts[0], parts[1], parts[2], scope);
                    break;
            }

            return j;
        }

        private void Unqualified(int k, Scope scope, bool ambiguity)
        {
            string name = _t.Name(k);
            if (name.Length == 0 || s_systemColumns.Contains(name))
            {
                return;
            }

            // SQLite reads an unknown "name" as a string literal.
            bool doubleQuoted = _t.Is(k, SqlTokenKind.QuotedIdentifier) && _t.Sql[_t[k].Start] == '"';
            bool found = false;
            bool anyUnknown = false;
            var tables = new List<string>();
            for (Scope? s = scope; s is not null; s = s.Parent)
            {
                if (s.OutputNames.Contains(name))
                {
                    return;
                }

                foreach (Relation relation in s.Relations)
                {
                    if (relation.Alias is not null && string.Equals(relation.Alias, name, StringComparison.OrdinalIgnoreCase))
                    {
                        // A whole-row reference: `select a from album a`, `row_to_json(t)`.
                        return;
                    }

                    if (!relation.ColumnsKnown)
                    {
                        anyUnknown = true;
                    }
                    else if (relation.Has(name))
                    {
                        found = true;
                    }
                    else
                    {
                        tables.Add(relation.Table!.Name);
                    }
                }
            }

            if (found)
            {
                if (ambiguity && !scope.HasUsing)
                {
                    List<string> owners = scope.Relations.Where(r => r.ColumnsKnown && r.Has(name)).Select(r => r.Alias ?? r.Table!.Name).ToList();
                    if (owners.Count >= 2)
                    {
                        Report(
                            SchemaFindingKind.AmbiguousColumn,
                            k,
                            name,
                            null,
                            $"Column reference '{name}' is ambiguous: it exists in {string.Join(", ", owners)}. Qualify it with a table name or alias.");
                    }
                }

                return;
            }

            if (anyUnknown || tables.Count == 0 || doubleQuoted)
            {
                return;
            }

            List<string> distinct = tables.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count == 1)
            {
                Report(SchemaFindingKind.UnknownColumn, k, name, distinct[0], $"Column '{name}' does not exist in table '{distinct[0]}'.");
            }
            else
            {
                Report(SchemaFindingKind.UnknownColumn, k, name, null, $"Column '{name}' does not exist in any table in scope ({string.Join(", ", distinct)}).");
            }
        }

        private void Qualified(int? schemaAt, int qualifierAt, int columnAt, Scope scope)
        {
            List<Relation> candidates = Candidates(schemaAt, qualifierAt, scope);

            // No candidate: a typo'd alias, or something we cannot see (PostgreSQL 18's old/new); not reported.
            if (candidates.Count == 0 || candidates.Any(r => !r.ColumnsKnown))
            {
                return;
            }

            string name = _t.Name(columnAt);
            if (name.Length == 0 || s_systemColumns.Contains(name) || candidates.Any(r => r.Has(name)))
            {
                return;
            }

            string table = candidates[0].Table!.Name;
            string qualifier = _t.Name(qualifierAt);
            string via = string.Equals(qualifier, table, StringComparison.OrdinalIgnoreCase) ? string.Empty : $" (alias '{qualifier}')";
            Report(SchemaFindingKind.UnknownColumn, columnAt, name, table, $"Column '{name}' does not exist in table '{table}'{via}.");
        }

        /// <summary>Every relation in scope that <c>q</c> (or <c>s.q</c>) can name, innermost first.</summary>
        private List<Relation> Candidates(int? schemaAt, int qualifierAt, Scope scope)
        {
            string qualifier = _t.Name(qualifierAt);
            string? schema = schemaAt is { } at ? _t.Name(at) : null;
            var candidates = new List<Relation>();
            for (Scope? s = scope; s is not null; s = s.Parent)
            {
                foreach (Relation relation in s.Relations)
                {
                    bool matches = schema is null
                        ? relation.Alias is not null && string.Equals(relation.Alias, qualifier, StringComparison.OrdinalIgnoreCase)
                        : !relation.HasExplicitAlias && relation.Table is not null && relation.Table.Matches(qualifier, schema);
                    if (matches)
                    {
                        candidates.Add(relation);
                    }
                }
            }

            return candidates;
        }

        private void Report(SchemaFindingKind kind, int at, string name, string? table, string message)
        {
            SqlToken token = _t[at];
            Findings.Add(new SchemaFinding(kind, token.Start, token.Length, name, table, message));
        }

        // ---- Select items and result columns ----------------------------------------------------------------

        private List<Item> Items(int start, int end, int depth)
        {
            var items = new List<Item>();
            foreach ((int s, int e) in Split(start, end, depth))
            {
                if (s >= e)
                {
                    throw Bail();
                }

                int alias = AliasOf(s, e, depth);
                int expressionEnd = alias < 0 ? e : _t.IsWord(alias - 1, "AS") ? alias - 1 : alias;
                items.Add(new Item(s, expressionEnd, e, alias));
            }

            return items;
        }

        /// <summary>The token naming a SELECT item (<c>x AS a</c>, <c>x a</c>), or -1.</summary>
        private int AliasOf(int start, int end, int depth)
        {
            int last = end - 1;
            if (end - start < 2 || !_t.IsIdentifier(last) || _t.Depth(last) != depth)
            {
                return -1;
            }

            if (_t.IsWord(last - 1, "AS"))
            {
                return last - 1 > start ? last : -1;
            }

            if (_t.IsWordIn(last, s_nonAliasWords) || !IsExpressionEnd(last - 1))
            {
                return -1;
            }

            int cast = -1;
            for (int k = start; k < last; k++)
            {
                if (_t.Is(k, SqlTokenKind.Cast) && _t.Depth(k) == depth)
                {
                    cast = k;
                }
            }

            // After a cast the words may all be the type (`x::double precision`); an alias is what the type leaves.
            return cast < 0 || SkipType(cast + 1, end) == last ? last : -1;
        }

        private bool IsExpressionEnd(int k) => _t.Kind(k) switch
        {
            SqlTokenKind.Word => !_t.IsWordIn(k, s_operatorWords),
            SqlTokenKind.QuotedIdentifier or SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Parameter
                or SqlTokenKind.PositionalParameter or SqlTokenKind.CloseParen => true,
            _ => false,
        };

        private EquatableArray<ResultColumn>? ResultColumns(List<Item> items, Scope scope, bool grouped)
        {
            var columns = new List<ResultColumn>();
            foreach (Item item in items)
            {
                int s = item.Start;
                int e = item.ExpressionEnd;
                if (e - s == 1 && _t.Is(s, SqlTokenKind.Star))
                {
                    if (scope.HasUsing || scope.Relations.Count == 0 || !Expand(scope.Relations, columns))
                    {
                        return null;
                    }

                    continue;
                }

                if (e - s >= 3 && _t.Is(e - 1, SqlTokenKind.Star) && _t.Is(e - 2, SqlTokenKind.Dot) && IsChain(s, e - 2))
                {
                    int qualifier = e - 3;
                    List<Relation> candidates = Candidates(e - s == 5 ? s : null, qualifier, scope);
                    if (candidates.Count != 1 || !Expand(candidates, columns))
                    {
                        return null;
                    }

                    continue;
                }

                (bool? nullable, Relation? relation, string? columnName) = Nullability(s, e, scope, grouped);
                string name = item.Alias >= 0 ? _t.Name(item.Alias) : columnName ?? _t.Sql.Substring(_t[s].Start, _t[e - 1].End - _t[s].Start);
                columns.Add(new ResultColumn(name, nullable, relation?.Table?.Name));
            }

            return columns.ToEquatableArray();
        }

        private static bool Expand(List<Relation> relations, List<ResultColumn> columns)
        {
            foreach (Relation relation in relations)
            {
                if (!relation.ColumnsKnown)
                {
                    return false;
                }

                TableInfo table = relation.Table!;
                foreach (ColumnInfo column in table.Columns)
                {
                    columns.Add(new ResultColumn(column.Name, table.IsDerived ? null : column.IsNullable || relation.Nullable, table.Name));
                }
            }

            return true;
        }

        /// <summary>Identifiers separated by dots over [start, end).</summary>
        private bool IsChain(int start, int end)
        {
            if ((end - start) % 2 == 0)
            {
                return false;
            }

            for (int k = start; k < end; k++)
            {
                if ((k - start) % 2 == 0 ? !_t.IsIdentifier(k) : !_t.Is(k, SqlTokenKind.Dot))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the expression [s, e) can be NULL; for a plain column, also its relation and name.</summary>
        private (bool? Nullable, Relation? Relation, string? Column) Nullability(int s, int e, Scope scope, bool grouped)
        {
            // `x::type` has x's nullability (and, in PostgreSQL, its name).
            for (int k = s; k < e; k++)
            {
                if (_t.Is(k, SqlTokenKind.Cast) && _t.Depth(k) == _t.Depth(s))
                {
                    if (SkipType(k + 1, e) != e && !_t.Is(SkipType(k + 1, e), SqlTokenKind.Cast))
                    {
                        return (null, null, null);
                    }

                    e = k;
                    break;
                }
            }

            if (e <= s)
            {
                return (null, null, null);
            }

            if (e - s == 1)
            {
                switch (_t[s].Kind)
                {
                    case SqlTokenKind.Number:
                    case SqlTokenKind.String:
                        return (false, null, null);
                    case SqlTokenKind.Parameter:
                    case SqlTokenKind.PositionalParameter:
                        return (null, null, null);
                }

                if (_t.IsWord(s, "NULL"))
                {
                    return (true, null, null);
                }

                if (_t.IsWord(s, "TRUE") || _t.IsWord(s, "FALSE") || _t.IsWord(s, "CURRENT_TIMESTAMP")
                    || _t.IsWord(s, "CURRENT_DATE") || _t.IsWord(s, "CURRENT_TIME"))
                {
                    return (false, null, null);
                }
            }

            if (IsChain(s, e) && e - s <= 5)
            {
                if (_t.Is(s, SqlTokenKind.Word) && e - s == 1 && _t.IsWordIn(s, s_keywords))
                {
                    return (null, null, null);
                }

                (Relation? relation, ColumnInfo? column) = Resolve(s, e, scope);
                string name = _t.Name(e - 1);
                if (relation is null || column is null)
                {
                    return (null, null, name);
                }

                bool? nullable = relation.Table!.IsDerived || (e - s == 1 && scope.HasUsing) ? null : column.IsNullable || relation.Nullable;
                return (nullable, relation, name);
            }

            if (_t.Is(s, SqlTokenKind.Word) && _t.Is(s + 1, SqlTokenKind.OpenParen) && !IsSubscript(s + 1))
            {
                int close = CloseOf(s + 1, e);
                int after = close + 1;
                bool windowed = false;
                if (_t.IsWord(after, "FILTER") && _t.Is(after + 1, SqlTokenKind.OpenParen))
                {
                    after = CloseOf(after + 1, e) + 1;
                }

                if (_t.IsWord(after, "OVER"))
                {
                    windowed = true;
                    after = _t.Is(after + 1, SqlTokenKind.OpenParen) ? CloseOf(after + 1, e) + 1 : after + 2;
                }

                if (after != e)
                {
                    return (null, null, null);
                }

                string function = _t.Text(s).ToLowerInvariant();
                switch (function)
                {
                    case "count":
                    case "total":
                    case "exists":
                    case "row_number":
                    case "rank":
                    case "dense_rank":
                    case "ntile":
                    case "cume_dist":
                    case "percent_rank":
                        return (false, null, null);
                    case "sum":
                    case "avg":
                    case "min":
                    case "max":
                        // Over no rows (no GROUP BY, an empty table) these are NULL; in a group or window, NULL only from NULL input.
                        if (!grouped && !windowed)
                        {
                            return (true, null, null);
                        }

                        return (SingleArgument(s + 1, close, scope, grouped), null, null);
                    case "coalesce":
                    case "ifnull":
                        foreach ((int a, int b) in Split(s + 2, close, _t.Depth(s + 1) + 1))
                        {
                            if (a < b && Nullability(a, b, scope, grouped).Nullable == false)
                            {
                                return (false, null, null);
                            }
                        }

                        return (null, null, null);
                }
            }

            return (null, null, null);
        }

        private bool? SingleArgument(int open, int close, Scope scope, bool grouped)
        {
            List<(int, int)> arguments = Split(open + 1, close, _t.Depth(open) + 1);
            if (arguments.Count != 1 || _t.IsWord(open + 1, "DISTINCT"))
            {
                return null;
            }

            (int a, int b) = arguments[0];
            return a < b ? Nullability(a, b, scope, grouped).Nullable : null;
        }

        /// <summary>The relation and column a chain names, searching innermost scope first; nulls when unsure.</summary>
        private (Relation?, ColumnInfo?) Resolve(int s, int e, Scope scope)
        {
            string name = _t.Name(e - 1);
            if (e - s > 1)
            {
                List<Relation> candidates = Candidates(e - s == 5 ? s : null, e - 3, scope);
                return candidates.Count > 0 && candidates[0].Table?.FindColumn(name) is { } column ? (candidates[0], column) : (null, null);
            }

            for (Scope? sc = scope; sc is not null; sc = sc.Parent)
            {
                List<Relation> owners = sc.Relations.Where(r => r.ColumnsKnown && r.Has(name)).ToList();
                if (owners.Count == 1)
                {
                    return (owners[0], owners[0].Table!.FindColumn(name));
                }

                if (owners.Count > 1 || sc.Relations.Any(r => !r.ColumnsKnown || string.Equals(r.Alias, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return (null, null);
                }
            }

            return (null, null);
        }

        // ---- Token helpers ----------------------------------------------------------------------------------

        /// <summary>The index of the closer of the group opened at <paramref name="open"/>; bails when it is not within <paramref name="end"/>.</summary>
        private int CloseOf(int open, int end)
        {
            int after = _t.SkipGroup(open, end);
            int close = after - 1;
            if (!_t.Is(open, SqlTokenKind.OpenParen) || close <= open || close >= end
                || !_t.Is(close, SqlTokenKind.CloseParen) || _t.Depth(close) != _t.Depth(open))
            {
                throw Bail();
            }

            return close;
        }

        private int FindAtDepth(int start, int end, int depth, Func<int, bool> predicate)
        {
            for (int k = start; k < end; k++)
            {
                if (_t.Depth(k) == depth && predicate(k))
                {
                    return k;
                }
            }

            return end;
        }

        private List<(int Start, int End)> Split(int start, int end, int depth)
        {
            var items = new List<(int, int)>();
            int itemStart = start;
            for (int k = start; k < end; k++)
            {
                if (_t.Is(k, SqlTokenKind.Comma) && _t.Depth(k) == depth)
                {
                    items.Add((itemStart, k));
                    itemStart = k + 1;
                }
            }

            items.Add((itemStart, end));
            return items;
        }
    }
}
