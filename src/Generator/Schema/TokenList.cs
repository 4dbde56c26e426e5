using System;
using System.Collections.Generic;
using System.Text;
using Sqlmint.Generator.Sql;

namespace Sqlmint.Generator.Schema;

/// <summary>
/// Bounds-checked reads over <see cref="SqlLexer"/> tokens, so the schema parser and checker can look ahead
/// freely on half-typed SQL without ever indexing past the end.
/// </summary>
internal sealed class TokenList
{
    private readonly List<SqlToken> _tokens;
    private readonly int _baseOffset;

    /// <param name="sql">The text the tokens were lexed from.</param>
    /// <param name="tokens">The tokens.</param>
    /// <param name="baseOffset">Added to every reported offset, when <paramref name="sql"/> is a slice of a file.</param>
    public TokenList(string sql, List<SqlToken> tokens, int baseOffset = 0)
    {
        Sql = sql;
        _tokens = tokens;
        _baseOffset = baseOffset;
    }

    public string Sql { get; }

    public int Count => _tokens.Count;

    public long Steps { get; set; }

    public SqlToken this[int index] => _tokens[index];

    public int Offset(int index) => _tokens[Math.Min(index, _tokens.Count - 1)].Start + _baseOffset;

    public SqlTokenKind? Kind(int index) => index >= 0 && index < _tokens.Count ? _tokens[index].Kind : null;

    public bool Is(int index, SqlTokenKind kind) => index >= 0 && index < _tokens.Count && _tokens[index].Kind == kind;

    public int Depth(int index) => index >= 0 && index < _tokens.Count ? _tokens[index].Depth : -1;

    public bool IsWord(int index, string keyword)
    {
        if (!Is(index, SqlTokenKind.Word))
        {
            return false;
        }

        SqlToken token = _tokens[index];
        return token.Length == keyword.Length
            && string.Compare(Sql, token.Start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0;
    }

    public bool IsWordIn(int index, HashSet<string> words) =>
        Is(index, SqlTokenKind.Word) && _tokens[index].Length <= 24 && words.Contains(Text(index));

    /// <summary>An operator token consisting of exactly <paramref name="c"/>.</summary>
    public bool IsChar(int index, char c) =>
        index >= 0 && index < _tokens.Count && _tokens[index].Length == 1 && Sql[_tokens[index].Start] == c;

    /// <summary>A word or a terminated quoted identifier.</summary>
    public bool IsIdentifier(int index) =>
        Is(index, SqlTokenKind.Word) || (Is(index, SqlTokenKind.QuotedIdentifier) && !_tokens[index].Unterminated && _tokens[index].Length >= 2);

    public string Text(int index)
    {
        SqlToken token = _tokens[index];
        Steps += token.Length;
        return Sql.Substring(token.Start, token.Length);
    }

    /// <summary>The identifier's name: a word as written, a quoted identifier without its quotes and doubled closers.</summary>
    public string Name(int index)
    {
        SqlToken token = _tokens[index];
        Steps += token.Length;
        if (token.Kind != SqlTokenKind.QuotedIdentifier)
        {
            return Sql.Substring(token.Start, token.Length);
        }

        if (token.Unterminated || token.Length < 2)
        {
            return string.Empty;
        }

        char open = Sql[token.Start];
        char close = open == '[' ? ']' : open;
        string body = Sql.Substring(token.Start + 1, token.Length - 2);
        string doubled = new(close, 2);
        return body.IndexOf(doubled, StringComparison.Ordinal) < 0 ? body : body.Replace(doubled, close.ToString());
    }

    /// <summary>From an opener, the index just past its closer; from anything else, the next index.</summary>
    public int SkipGroup(int open, int end)
    {
        if (!Is(open, SqlTokenKind.OpenParen))
        {
            return open + 1;
        }

        long steps = Steps;
        int after = SqlTokens.SkipGroup(_tokens, open, end, ref steps);
        Steps = steps;
        return after;
    }

    /// <summary>
    /// The source text of [start, end) with one space between words and none elsewhere:
    /// <c>character varying ( 40 )</c> becomes <c>character varying(40)</c>, <c>NUMERIC(10, 2)</c> becomes
    /// <c>NUMERIC(10,2)</c>, <c>timestamp(3)  with time zone</c> becomes <c>timestamp(3) with time zone</c>.
    /// </summary>
    public string Normalized(int start, int end)
    {
        var builder = new StringBuilder();
        bool previousIsWord = false;
        bool previousIsClose = false;
        for (int k = start; k < end; k++)
        {
            SqlToken token = _tokens[k];
            bool isWord = token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier or SqlTokenKind.Number;
            if (isWord && (previousIsWord || previousIsClose))
            {
                builder.Append(' ');
            }

            builder.Append(Sql, token.Start, token.Length);
            Steps += token.Length;
            previousIsWord = isWord;
            previousIsClose = token.Kind == SqlTokenKind.CloseParen;
        }

        return builder.ToString();
    }
}
