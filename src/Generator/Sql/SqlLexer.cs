using System;
using System.Collections.Generic;
using System.Globalization;

namespace Sqlmint.Generator.Sql;

/// <summary>
/// One left-to-right pass that turns SQL text into significant tokens, statement ranges and problems.
/// It never backtracks more than one identifier, so it runs in O(n); <see cref="Steps"/> counts the work
/// so tests can prove that without a clock.
/// </summary>
/// <remarks>
/// <c>[</c> is ambiguous: a quoted identifier in SQLite and SQL Server, a subscript or array constructor in
/// PostgreSQL. It is a subscript when it directly follows (no space) a non-keyword identifier, a <c>"quoted"</c>
/// identifier, a parameter, <c>)</c> or <c>]</c>, or follows the keyword <c>ARRAY</c> (any spacing); then its
/// contents are scanned as SQL (<c>arr[@i]</c> has parameter <c>i</c>). Otherwise it opens an opaque
/// identifier up to <c>]</c> (<c>]]</c> escapes), and an <c>@p</c> inside is not a parameter.
/// </remarks>
internal sealed class SqlLexer
{
    // Words that end a clause rather than name a value, so a following '[' starts a bracket identifier
    // (`from[t]`, `select[a]`) instead of a subscript.
    private static readonly HashSet<string> s_keywordsBeforeBracketIdentifier = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "join", "on", "where", "and", "or", "not", "by", "as", "into", "update", "table",
        "set", "when", "then", "else", "in", "is", "values", "returning", "using", "exists", "distinct", "all",
        "case", "union", "except", "intersect", "having", "insert", "delete", "replace", "index", "view",
        "trigger", "references", "like", "between", "with", "to", "of", "drop", "alter", "create", "limit",
        "offset", "order", "group", "do", "conflict", "default", "collate", "key",
    };

    private readonly string _sql;
    private readonly List<SqlToken> _tokens = new();
    private readonly List<SqlScanProblem> _problems = new();
    private readonly List<(int First, int End)> _statements = new();
    private int _pos;
    private int _depth;
    private int _statementStart;
    private long _steps;

    public SqlLexer(string sql) => _sql = sql;

    public List<SqlToken> Tokens => _tokens;

    public List<SqlScanProblem> Problems => _problems;

    /// <summary>Token index ranges [First, End) of the non-empty statements.</summary>
    public List<(int First, int End)> Statements => _statements;

    public long Steps => _steps;

    public void Run()
    {
        int length = _sql.Length;
        while (_pos < length)
        {
            _steps++;
            char c = _sql[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
                continue;
            }

            switch (c)
            {
                case '-' when Peek(1) == '-':
                    SkipLineComment();
                    break;
                case '/' when Peek(1) == '*':
                    SkipBlockComment();
                    break;
                case '\'':
                    LexString(_pos, _pos, backslashEscapes: false);
                    break;
                case '"':
                case '`':
                    LexQuotedIdentifier(c);
                    break;
                case '[':
                    if (IsSubscriptOpen())
                    {
                        Open();
                    }
                    else
                    {
                        LexQuotedIdentifier(']');
                    }

                    break;
                case '(':
                    Open();
                    break;
                case ')':
                case ']':
                    Close();
                    break;
                case ',':
                    Add(SqlTokenKind.Comma, 1);
                    break;
                case ';':
                    Semicolon();
                    break;
                case '*':
                    Add(SqlTokenKind.Star, 1);
                    break;
                case '.':
                    if (IsAsciiDigit(Peek(1)) && !IsIdentifierPartBefore(_pos))
                    {
                        LexNumber();
                    }
                    else
                    {
                        Add(SqlTokenKind.Dot, 1);
                    }

                    break;
                case ':' when Peek(1) == ':':
                    Add(SqlTokenKind.Cast, 2);
                    break;
                case '@':
                    LexAt();
                    break;
                case '$':
                    LexDollar();
                    break;
                default:
                    if (IsAsciiDigit(c))
                    {
                        LexNumber();
                    }
                    else if (IdentifierStartWidth(_pos) > 0)
                    {
                        LexWord();
                    }
                    else
                    {
                        Add(SqlTokenKind.Operator, 1);
                    }

                    break;
            }
        }

        EndStatement();
    }

    private char Peek(int ahead) => _pos + ahead < _sql.Length ? _sql[_pos + ahead] : '\0';

    private void Add(SqlTokenKind kind, int length)
    {
        _tokens.Add(new SqlToken(kind, _pos, length, _depth));
        _pos += length;
    }

    private void Open()
    {
        Add(SqlTokenKind.OpenParen, 1);
        _depth++;
    }

    private void Close()
    {
        // A stray closer must not drive the depth negative, or every later ';' would stop splitting.
        if (_depth > 0)
        {
            _depth--;
        }

        Add(SqlTokenKind.CloseParen, 1);
    }

    private void Semicolon()
    {
        if (_depth > 0)
        {
            Add(SqlTokenKind.Semicolon, 1);
            return;
        }

        EndStatement();
        Add(SqlTokenKind.Semicolon, 1);
        _statementStart = _tokens.Count;
    }

    private void EndStatement()
    {
        if (_tokens.Count > _statementStart)
        {
            _statements.Add((_statementStart, _tokens.Count));
        }
    }

    private void Problem(int offset, string message) => _problems.Add(new SqlScanProblem(offset, message));

    private void SkipLineComment()
    {
        int i = _pos + 2;
        while (i < _sql.Length && _sql[i] != '\n' && _sql[i] != '\r')
        {
            _steps++;
            i++;
        }

        _pos = i;
    }

    private void SkipBlockComment()
    {
        // PostgreSQL nests block comments; a counter (not recursion) keeps deep nesting cheap and stack-safe.
        int start = _pos;
        int nesting = 0;
        int i = _pos;
        while (i < _sql.Length)
        {
            _steps++;
            char ch = _sql[i];
            if (ch == '/' && i + 1 < _sql.Length && _sql[i + 1] == '*')
            {
                nesting++;
                i += 2;
            }
            else if (ch == '*' && i + 1 < _sql.Length && _sql[i + 1] == '/')
            {
                nesting--;
                i += 2;
                if (nesting == 0)
                {
                    break;
                }
            }
            else
            {
                i++;
            }
        }

        if (nesting > 0)
        {
            Problem(start, "Unterminated block comment.");
        }

        _pos = i;
    }

    private void LexString(int tokenStart, int quote, bool backslashEscapes)
    {
        int length = _sql.Length;
        int i = quote + 1;
        bool closed = false;
        while (i < length)
        {
            _steps++;
            char ch = _sql[i];
            if (backslashEscapes && ch == '\\')
            {
                i += 2;
            }
            else if (ch == '\'')
            {
                if (i + 1 < length && _sql[i + 1] == '\'')
                {
                    i += 2;
                }
                else
                {
                    i++;
                    closed = true;
                    break;
                }
            }
            else
            {
                i++;
            }
        }

        // A trailing backslash escape can step one past the end.
        i = Math.Min(i, length);
        if (!closed)
        {
            Problem(tokenStart, backslashEscapes ? "Unterminated E'...' string literal." : "Unterminated string literal.");
        }

        _tokens.Add(new SqlToken(SqlTokenKind.String, tokenStart, i - tokenStart, _depth, !closed));
        _pos = i;
    }

    private void LexQuotedIdentifier(char close)
    {
        int start = _pos;
        int i = _pos + 1;
        bool closed = false;
        while (i < _sql.Length)
        {
            _steps++;
            if (_sql[i] == close)
            {
                if (i + 1 < _sql.Length && _sql[i + 1] == close)
                {
                    i += 2;
                    continue;
                }

                i++;
                closed = true;
                break;
            }

            i++;
        }

        if (!closed)
        {
            Problem(start, "Unterminated quoted identifier.");
        }

        _tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, start, i - start, _depth, !closed));
        _pos = i;
    }

    private void LexWord()
    {
        int start = _pos;
        int i = _pos + IdentifierStartWidth(_pos);
        while (i < _sql.Length)
        {
            _steps++;
            int width = IdentifierPartWidth(i, allowDollar: true);
            if (width == 0)
            {
                break;
            }

            i += width;
        }

        // One-letter prefixes glue to a directly following string: E'..' (backslash escapes), N'..', X'..', B'..'.
        if (i - start == 1 && i < _sql.Length && _sql[i] == '\'')
        {
            char prefix = _sql[start];
            if (prefix is 'E' or 'e')
            {
                LexString(start, i, backslashEscapes: true);
                return;
            }

            if (prefix is 'N' or 'n' or 'X' or 'x' or 'B' or 'b')
            {
                LexString(start, i, backslashEscapes: false);
                return;
            }
        }

        _tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, _depth));
        _pos = i;
    }

    private void LexNumber()
    {
        int start = _pos;
        int i = _pos;
        while (i < _sql.Length)
        {
            _steps++;
            char ch = _sql[i];
            if (IsAsciiDigit(ch) || IsAsciiLetter(ch) || ch == '_' || ch == '.')
            {
                i++;
            }
            else if ((ch == '+' || ch == '-') && (_sql[i - 1] == 'e' || _sql[i - 1] == 'E') && i + 1 < _sql.Length && IsAsciiDigit(_sql[i + 1]))
            {
                // The sign of an exponent: 1e-5.
                i++;
            }
            else
            {
                break;
            }
        }

        _tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, _depth));
        _pos = i;
    }

    private void LexAt()
    {
        // '@' starts a parameter only when a name follows and the previous character does not make it part
        // of something else: `<@` and `@@` are PostgreSQL operators, and `a@b` is not a parameter (as in Dapper).
        int nameWidth = ParameterStartWidth(_pos + 1);
        if (nameWidth > 0 && !IsParameterBlockedBefore(_pos))
        {
            int i = _pos + 1 + nameWidth;
            while (i < _sql.Length)
            {
                _steps++;
                int width = ParameterPartWidth(i);
                if (width == 0)
                {
                    break;
                }

                i += width;
            }

            Add(SqlTokenKind.Parameter, i - _pos);
            return;
        }

        Add(SqlTokenKind.Operator, 1);
    }

    private bool IsParameterBlockedBefore(int at)
    {
        if (at == 0)
        {
            return false;
        }

        char previous = _sql[at - 1];
        return previous == '@' || previous == '<' || IsIdentifierPartBefore(at);
    }

    private void LexDollar()
    {
        int start = _pos;
        char next = Peek(1);
        if (IsAsciiDigit(next))
        {
            // $1: a positional parameter, not a dollar quote.
            int i = _pos + 1;
            while (i < _sql.Length && IsAsciiDigit(_sql[i]))
            {
                _steps++;
                i++;
            }

            Add(SqlTokenKind.PositionalParameter, i - _pos);
            return;
        }

        int tagEnd;
        if (next == '$')
        {
            tagEnd = _pos + 1;
        }
        else
        {
            int width = ParameterStartWidth(_pos + 1);
            if (width == 0)
            {
                Add(SqlTokenKind.Operator, 1);
                return;
            }

            int i = _pos + 1 + width;
            while (i < _sql.Length)
            {
                _steps++;
                int part = ParameterPartWidth(i);
                if (part == 0)
                {
                    break;
                }

                i += part;
            }

            if (i >= _sql.Length || _sql[i] != '$')
            {
                // `$name` with no closing '$' is not a dollar quote; the name is lexed again as a word.
                Add(SqlTokenKind.Operator, 1);
                return;
            }

            tagEnd = i;
        }

        int delimiterLength = tagEnd - start + 1;
        int end = -1;
        for (int j = tagEnd + 1; j < _sql.Length; j++)
        {
            _steps++;
            if (_sql[j] == '$' && MatchesDelimiter(start, j, delimiterLength))
            {
                end = j + delimiterLength;
                break;
            }
        }

        bool closed = end >= 0;
        if (!closed)
        {
            Problem(start, "Unterminated dollar-quoted string.");
            end = _sql.Length;
        }

        _tokens.Add(new SqlToken(SqlTokenKind.String, start, end - start, _depth, !closed));
        _pos = end;
    }

    // The tag cannot contain '$', so a comparison started at one '$' fails by the next '$' at the latest:
    // the comparisons of different candidates never overlap, and the whole search stays O(n).
    private bool MatchesDelimiter(int delimiterStart, int candidate, int delimiterLength)
    {
        if (candidate + delimiterLength > _sql.Length)
        {
            return false;
        }

        for (int k = 1; k < delimiterLength; k++)
        {
            _steps++;
            if (_sql[candidate + k] != _sql[delimiterStart + k])
            {
                return false;
            }
        }

        return true;
    }

    private bool IsSubscriptOpen()
    {
        if (_tokens.Count == 0)
        {
            return false;
        }

        SqlToken previous = _tokens[_tokens.Count - 1];
        if (previous.Kind == SqlTokenKind.Word && previous.Length == 5
            && string.Compare(_sql, previous.Start, "ARRAY", 0, 5, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return true;
        }

        if (previous.End != _pos)
        {
            return false;
        }

        switch (previous.Kind)
        {
            case SqlTokenKind.Word:
                return previous.Length > 12
                    || !s_keywordsBeforeBracketIdentifier.Contains(_sql.Substring(previous.Start, previous.Length));
            case SqlTokenKind.CloseParen:
            case SqlTokenKind.Parameter:
            case SqlTokenKind.PositionalParameter:
                return true;
            case SqlTokenKind.QuotedIdentifier:
                return _sql[previous.Start] == '"';
            default:
                return false;
        }
    }

    private bool IsIdentifierPartBefore(int at)
    {
        if (at == 0)
        {
            return false;
        }

        if (at >= 2 && char.IsLowSurrogate(_sql[at - 1]) && char.IsHighSurrogate(_sql[at - 2]))
        {
            return IdentifierPartWidth(at - 2, allowDollar: true) > 0;
        }

        return IdentifierPartWidth(at - 1, allowDollar: true) > 0;
    }

    private int IdentifierStartWidth(int at) => ParameterStartWidth(at);

    /// <summary>A letter (any script) or '_': 0 when there is none at <paramref name="at"/>, else its UTF-16 width.</summary>
    private int ParameterStartWidth(int at)
    {
        if (at >= _sql.Length)
        {
            return 0;
        }

        char c = _sql[at];
        if (c < 128)
        {
            return IsAsciiLetter(c) || c == '_' ? 1 : 0;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(_sql, at))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
                return Width(at);
            default:
                return 0;
        }
    }

    private int ParameterPartWidth(int at) => IdentifierPartWidth(at, allowDollar: false);

    // Parameter names follow C# identifier characters, since they must bind to C# names; SQL words also take '$'.
    private int IdentifierPartWidth(int at, bool allowDollar)
    {
        char c = _sql[at];
        if (c < 128)
        {
            return IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_' || (allowDollar && c == '$') ? 1 : 0;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(_sql, at))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.Format:
                return Width(at);
            default:
                return 0;
        }
    }

    private int Width(int at) =>
        char.IsHighSurrogate(_sql[at]) && at + 1 < _sql.Length && char.IsLowSurrogate(_sql[at + 1]) ? 2 : 1;

    private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
