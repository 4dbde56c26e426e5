using System;
using System.Collections.Generic;
using System.Text;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Sql;

/// <summary>
/// Reads one statement's tokens: its verb, top-level WHERE/RETURNING, and the result column names where
/// every supported database would agree on them. Each token is visited a constant number of times.
/// </summary>
internal sealed class SqlStatementAnalyzer
{
    // Words that close a SELECT projection when they appear at its own depth.
    private static readonly HashSet<string> s_projectionEnders = new(StringComparer.OrdinalIgnoreCase)
    {
        "from", "into", "where", "group", "having", "window", "order", "limit", "offset", "fetch",
        "union", "intersect", "except", "for", "returning",
    };

    // After one of these words, a trailing identifier is part of the expression, not an alias
    // (`x collate "C"`, `a is b`, `count(*) over w`, `t at time zone z`).
    internal static readonly HashSet<string> s_operatorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "is", "in", "like", "ilike", "glob", "match", "regexp", "between", "symmetric",
        "collate", "distinct", "all", "any", "some", "escape", "case", "when", "then", "else", "on", "by",
        "from", "similar", "to", "at", "zone", "over", "select", "with", "array", "row", "exists", "unique",
        "operator", "using", "as", "of", "cast", "leading", "trailing", "both", "for", "nulls", "partition",
        "order", "filter", "within", "into", "values", "isnull", "notnull", "local",
    };

    // Words that end an expression and therefore cannot be an implicit alias (`case … end`, `x is null`).
    internal static readonly HashSet<string> s_nonAliasWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "end", "null", "true", "false", "unknown", "isnull", "notnull", "asc", "desc",
    };

    // A bare literal keyword has no portable column name (PostgreSQL says ?column?/bool, SQLite echoes the text).
    private static readonly HashSet<string> s_literalWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "true", "false", "default",
    };

    private readonly string _sql;
    private readonly List<SqlToken> _tokens;
    private long _steps;

    public SqlStatementAnalyzer(string sql, List<SqlToken> tokens)
    {
        _sql = sql;
        _tokens = tokens;
    }

    public long Steps => _steps;

    private enum ItemKind
    {
        Named,
        Star,
        Unknown,
    }

    public SqlStatementInfo Analyze(int first, int end)
    {
        int verb = FindVerb(first, end, out SqlStatementKind kind);
        int depth = _tokens[verb >= 0 ? verb : first].Depth;

        bool hasWhere = false;
        int returning = -1;
        for (int i = verb >= 0 ? verb : first; i < end; i++)
        {
            _steps++;
            SqlToken token = _tokens[i];
            if (token.Depth != depth || token.Kind != SqlTokenKind.Word)
            {
                continue;
            }

            if (IsWord(token, "WHERE"))
            {
                hasWhere = true;
            }
            else if (returning < 0 && IsWord(token, "RETURNING"))
            {
                returning = i;
            }
        }

        bool selectsStar = false;
        EquatableArray<string>? columns = null;
        if (kind == SqlStatementKind.Select && verb >= 0 && IsWord(_tokens[verb], "SELECT"))
        {
            columns = ReadProjection(verb + 1, end, depth, isSelect: true, out selectsStar);
        }
        else if (returning >= 0 && kind is SqlStatementKind.Insert or SqlStatementKind.Update or SqlStatementKind.Delete or SqlStatementKind.Merge)
        {
            columns = ReadProjection(returning + 1, end, depth, isSelect: false, out selectsStar);
        }

        int offset = _tokens[first].Start;
        return new SqlStatementInfo(
            kind,
            offset,
            _tokens[end - 1].End - offset,
            hasWhere,
            returning >= 0,
            selectsStar,
            columns);
    }

    private int FindVerb(int first, int end, out SqlStatementKind kind)
    {
        int i = first;
        while (i < end && _tokens[i].Kind == SqlTokenKind.OpenParen)
        {
            _steps++;
            i++;
        }

        if (i == end || _tokens[i].Kind != SqlTokenKind.Word)
        {
            kind = SqlStatementKind.Unknown;
            return -1;
        }

        if (!IsWord(_tokens[i], "WITH"))
        {
            kind = VerbKind(_tokens[i]);
            return i;
        }

        // CTE bodies and column lists sit inside parentheses, so the first DML verb at the WITH's own depth
        // is the main statement.
        int depth = _tokens[i].Depth;
        for (int j = i + 1; j < end; j++)
        {
            _steps++;
            SqlToken token = _tokens[j];
            if (token.Depth != depth || token.Kind != SqlTokenKind.Word)
            {
                continue;
            }

            SqlStatementKind candidate = VerbKind(token);
            if (candidate is SqlStatementKind.Select or SqlStatementKind.Insert or SqlStatementKind.Update
                or SqlStatementKind.Delete or SqlStatementKind.Merge or SqlStatementKind.Values)
            {
                kind = candidate;
                return j;
            }
        }

        kind = SqlStatementKind.Unknown;
        return -1;
    }

    private SqlStatementKind VerbKind(SqlToken word)
    {
        if (word.Length > 8)
        {
            return SqlStatementKind.Other;
        }

        switch (_sql.Substring(word.Start, word.Length).ToUpperInvariant())
        {
            case "SELECT":
                return SqlStatementKind.Select;
            case "INSERT":
            case "REPLACE":
                return SqlStatementKind.Insert;
            case "UPDATE":
                return SqlStatementKind.Update;
            case "DELETE":
                return SqlStatementKind.Delete;
            case "MERGE":
                return SqlStatementKind.Merge;
            case "VALUES":
                return SqlStatementKind.Values;
            case "CREATE":
                return SqlStatementKind.Create;
            case "DROP":
                return SqlStatementKind.Drop;
            case "ALTER":
                return SqlStatementKind.Alter;
            case "PRAGMA":
                return SqlStatementKind.Pragma;
            case "BEGIN":
            case "START":
                return SqlStatementKind.Begin;
            case "COMMIT":
            case "END":
                return SqlStatementKind.Commit;
            case "ROLLBACK":
            case "ABORT":
                return SqlStatementKind.Rollback;
            default:
                return SqlStatementKind.Other;
        }
    }

    private EquatableArray<string>? ReadProjection(int start, int end, int depth, bool isSelect, out bool selectsStar)
    {
        selectsStar = false;
        int i = start;
        if (isSelect && i < end && IsWord(_tokens[i], "DISTINCT"))
        {
            i++;
            if (i + 1 < end && IsWord(_tokens[i], "ON") && _tokens[i + 1].Kind == SqlTokenKind.OpenParen)
            {
                i = SkipGroup(i + 1, end);
            }
        }
        else if (isSelect && i < end && IsWord(_tokens[i], "ALL"))
        {
            i++;
        }

        int stop = i;
        while (stop < end)
        {
            _steps++;
            SqlToken token = _tokens[stop];
            if (token.Depth < depth)
            {
                break;
            }

            if (token.Depth == depth
                && (token.Kind == SqlTokenKind.Semicolon || (token.Kind == SqlTokenKind.Word && IsIn(s_projectionEnders, token))))
            {
                break;
            }

            stop++;
        }

        if (stop == i)
        {
            return null;
        }

        var names = new List<string>();
        bool known = true;
        int itemStart = i;
        for (int k = i; k <= stop; k++)
        {
            _steps++;
            if (k < stop && !(_tokens[k].Kind == SqlTokenKind.Comma && _tokens[k].Depth == depth))
            {
                continue;
            }

            switch (ReadItem(itemStart, k, depth, out string name))
            {
                case ItemKind.Named:
                    names.Add(name);
                    break;
                case ItemKind.Star:
                    selectsStar = true;
                    known = false;
                    break;
                default:
                    known = false;
                    break;
            }

            itemStart = k + 1;
        }

        return known ? names.ToEquatableArray() : null;
    }

    private ItemKind ReadItem(int start, int end, int depth, out string name)
    {
        name = string.Empty;
        if (start >= end)
        {
            return ItemKind.Unknown;
        }

        if (IsStarItem(start, end))
        {
            return ItemKind.Star;
        }

        int last = end - 1;
        SqlToken lastToken = _tokens[last];
        if (end - start >= 2 && lastToken.Depth == depth && IsIdentifier(lastToken))
        {
            SqlToken previous = _tokens[last - 1];
            bool explicitAlias = IsWord(previous, "AS") && last - 1 > start;

            // Without AS, a cast's type may span several words (`x::double precision`), so only AS names it.
            bool implicitAlias = !explicitAlias
                && !(lastToken.Kind == SqlTokenKind.Word && IsIn(s_nonAliasWords, lastToken))
                && IsExpressionEnd(previous)
                && FindTopLevel(start, last, depth, SqlTokenKind.Cast) < 0;
            if (explicitAlias || implicitAlias)
            {
                name = IdentifierName(lastToken);
                return name.Length > 0 ? ItemKind.Named : ItemKind.Unknown;
            }
        }

        int expressionEnd = end;
        int cast = FindTopLevel(start, end, depth, SqlTokenKind.Cast);
        if (cast >= 0)
        {
            // PostgreSQL names `x::int` after x; other expressions get the type's name, which is unportable.
            if (!IsTypeSuffix(cast + 1, end, depth))
            {
                return ItemKind.Unknown;
            }

            expressionEnd = cast;
        }

        if (!IsColumnReference(start, expressionEnd))
        {
            return ItemKind.Unknown;
        }

        SqlToken column = _tokens[expressionEnd - 1];
        if (expressionEnd - start == 1 && column.Kind == SqlTokenKind.Word && IsIn(s_literalWords, column))
        {
            return ItemKind.Unknown;
        }

        name = IdentifierName(column);
        return name.Length > 0 ? ItemKind.Named : ItemKind.Unknown;
    }

    /// <summary><c>*</c>, <c>t.*</c> or <c>s.t.*</c>.</summary>
    private bool IsStarItem(int start, int end)
    {
        if ((end - start) % 2 == 0 || _tokens[end - 1].Kind != SqlTokenKind.Star)
        {
            return false;
        }

        return IsDottedChain(start, end - 1, trailingDot: true);
    }

    /// <summary><c>a</c>, <c>t.a</c>, <c>s.t."A"</c>.</summary>
    private bool IsColumnReference(int start, int end) =>
        end > start && (end - start) % 2 == 1 && IsDottedChain(start, end, trailingDot: false);

    private bool IsDottedChain(int start, int end, bool trailingDot)
    {
        for (int k = start; k < end; k++)
        {
            _steps++;
            bool wantIdentifier = (k - start) % 2 == 0;
            SqlToken token = _tokens[k];
            if (wantIdentifier ? !IsIdentifier(token) : token.Kind != SqlTokenKind.Dot)
            {
                return false;
            }
        }

        return !trailingDot || end == start || _tokens[end - 1].Kind == SqlTokenKind.Dot;
    }

    /// <summary>A type after <c>::</c>: <c>int</c>, <c>numeric(10,2)</c>, <c>int[]</c>, <c>pg_catalog.text</c>, chained casts.</summary>
    private bool IsTypeSuffix(int start, int end, int depth)
    {
        int k = start;
        while (true)
        {
            _steps++;
            if (k >= end || !IsIdentifier(_tokens[k]))
            {
                return false;
            }

            k++;
            while (k + 1 < end && _tokens[k].Kind == SqlTokenKind.Dot && IsIdentifier(_tokens[k + 1]))
            {
                _steps++;
                k += 2;
            }

            while (k < end && _tokens[k].Kind == SqlTokenKind.OpenParen && _tokens[k].Depth == depth)
            {
                k = SkipGroup(k, end);
            }

            if (k == end)
            {
                return true;
            }

            if (_tokens[k].Kind != SqlTokenKind.Cast)
            {
                return false;
            }

            k++;
        }
    }

    /// <summary>From an opener, the index just past its closer (or <paramref name="end"/>).</summary>
    private int SkipGroup(int open, int end) => SqlTokens.SkipGroup(_tokens, open, end, ref _steps);

    private int FindTopLevel(int start, int end, int depth, SqlTokenKind kind)
    {
        for (int k = start; k < end; k++)
        {
            _steps++;
            if (_tokens[k].Kind == kind && _tokens[k].Depth == depth)
            {
                return k;
            }
        }

        return -1;
    }

    private bool IsExpressionEnd(SqlToken token) => token.Kind switch
    {
        SqlTokenKind.Word => !IsIn(s_operatorWords, token),
        SqlTokenKind.QuotedIdentifier or SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Parameter
            or SqlTokenKind.PositionalParameter or SqlTokenKind.CloseParen => true,
        _ => false,
    };

    private static bool IsIdentifier(SqlToken token) =>
        token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    private string IdentifierName(SqlToken token)
    {
        _steps += token.Length;
        if (token.Kind == SqlTokenKind.Word)
        {
            return _sql.Substring(token.Start, token.Length);
        }

        if (token.Unterminated || token.Length < 2)
        {
            return string.Empty;
        }

        char open = _sql[token.Start];
        char close = open == '[' ? ']' : open;
        string body = _sql.Substring(token.Start + 1, token.Length - 2);
        string doubled = new(close, 2);
        if (body.IndexOf(doubled, StringComparison.Ordinal) < 0)
        {
            return body;
        }

        return new StringBuilder(body).Replace(doubled, close.ToString()).ToString();
    }

    private bool IsWord(SqlToken token, string keyword) =>
        token.Kind == SqlTokenKind.Word
        && token.Length == keyword.Length
        && string.Compare(_sql, token.Start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0;

    private bool IsIn(HashSet<string> words, SqlToken token) =>
        token.Kind == SqlTokenKind.Word
        && token.Length <= 12
        && words.Contains(_sql.Substring(token.Start, token.Length));
}
