using System;
using System.Collections.Generic;
using System.Linq;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Sql;

namespace Sqlmint.Generator.Schema;

/// <summary>
/// Reads the tables and views that schema scripts (<c>schema.sql</c>, migrations, dumps) leave behind, for
/// PostgreSQL and SQLite: CREATE TABLE/VIEW, ALTER TABLE ADD/DROP/RENAME/ALTER COLUMN, RENAME TO, DROP TABLE/VIEW.
/// Everything else is skipped. It never throws; what it cannot read becomes a <see cref="SchemaProblem"/>.
/// </summary>
/// <remarks>
/// Dumps are mostly INSERT rows (the Chinook scripts are 600 KB each), so statements are first split by a
/// character scan that only knows quotes and comments, and only CREATE/ALTER/DROP statements are lexed.
/// A line starting with a backslash is a psql meta-command (<c>\c chinook;</c>) and is skipped like a comment.
/// </remarks>
internal static class SchemaParser
{
    public static SchemaModel Parse(string path, string text) => Parse(new[] { (path, text) });

    /// <summary>
    /// Parses several files as one script, in ordinal order of their paths, so a migration's ALTER TABLE
    /// applies to a table created by an earlier file.
    /// </summary>
    public static SchemaModel Parse(IEnumerable<(string Path, string Text)> files) => ParseCountingSteps(files, out _);

    /// <summary><see cref="Parse(IEnumerable{ValueTuple{string, string}})"/>, also returning a deterministic count of the work done.</summary>
    internal static SchemaModel ParseCountingSteps(IEnumerable<(string Path, string Text)> files, out long steps)
    {
        var state = new SchemaState();
        steps = 0;
        if (files is null)
        {
            return SchemaModel.Empty;
        }

        // OrderBy is stable, so files given twice under one path keep their order.
        foreach ((string path, string text) in files.OrderBy(f => f.Path ?? string.Empty, StringComparer.Ordinal))
        {
            var file = new FileParser(path ?? string.Empty, text ?? string.Empty, state);
            try
            {
                file.Run();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A bug here must not take the compiler down; the user sees it as a problem in the file.
                state.Problems.Add(new SchemaProblem(path ?? string.Empty, 0, "The schema parser failed: " + exception.Message));
            }

            steps += file.Steps;
        }

        return state.ToModel();
    }

    private sealed class SchemaState
    {
        public List<TableDraft> Tables { get; } = new();

        public List<SchemaProblem> Problems { get; } = new();

        public TableDraft? Find(string name, string? schema) =>
            Tables.FirstOrDefault(t => t.Matches(name, schema));

        public void Remove(string name, string? schema) => Tables.RemoveAll(t => t.Matches(name, schema));

        public SchemaModel ToModel() => new(
            Tables.Select(t => t.ToInfo()).ToEquatableArray(),
            Problems.ToEquatableArray());
    }

    private sealed class TableDraft
    {
        public TableDraft(string name, string? schema)
        {
            Name = name;
            Schema = schema;
        }

        public string Name { get; set; }

        public string? Schema { get; set; }

        public List<ColumnDraft> Columns { get; } = new();

        public bool ColumnsKnown { get; set; } = true;

        public bool IsDerived { get; set; }

        public bool Matches(string name, string? schema) =>
            string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
            && (schema is null || Schema is null || string.Equals(Schema, schema, StringComparison.OrdinalIgnoreCase));

        public ColumnDraft? Find(string name) =>
            Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

        public TableInfo ToInfo() => new(
            Name,
            Schema,
            Columns.Select(c => new ColumnInfo(c.Name, c.Type, c.IsNullable)).ToEquatableArray(),
            ColumnsKnown,
            IsDerived);
    }

    private sealed class ColumnDraft
    {
        public ColumnDraft(string name, string type, bool isNullable)
        {
            Name = name;
            Type = type;
            IsNullable = isNullable;
        }

        public string Name { get; set; }

        public string Type { get; set; }

        public bool IsNullable { get; set; }
    }

    private sealed class FileParser
    {
        // Words that end a column's type and start its constraints.
        private static readonly HashSet<string> s_constraintWords = new(StringComparer.OrdinalIgnoreCase)
        {
            "constraint", "not", "null", "primary", "unique", "check", "default", "references", "generated",
            "collate", "as", "autoincrement", "auto_increment", "identity", "on", "comment", "storage",
            "compression", "deferrable", "initially", "hidden",
        };

        // PostgreSQL's serial types are shorthands for NOT NULL DEFAULT nextval(...).
        private static readonly HashSet<string> s_serialTypes = new(StringComparer.OrdinalIgnoreCase)
        {
            "serial", "serial2", "serial4", "serial8", "smallserial", "bigserial",
        };

        private static readonly HashSet<string> s_createModifiers = new(StringComparer.OrdinalIgnoreCase)
        {
            "temp", "temporary", "unlogged", "global", "local", "materialized", "recursive", "virtual", "foreign",
        };

        private readonly string _path;
        private readonly string _text;
        private readonly SchemaState _state;

        public FileParser(string path, string text, SchemaState state)
        {
            _path = path;
            _text = text;
            _state = state;
        }

        public long Steps { get; private set; }

        public void Run()
        {
            int length = _text.Length;
            int pos = 0;
            while (true)
            {
                pos = SkipTrivia(pos);
                if (pos >= length)
                {
                    break;
                }

                int start = pos;
                bool isDdl = StartsWithWord(pos, "CREATE") || StartsWithWord(pos, "ALTER") || StartsWithWord(pos, "DROP");
                bool isCopy = StartsWithWord(pos, "COPY");
                int end = FindStatementEnd(pos);
                if (isDdl)
                {
                    ParseStatement(start, end);
                }

                pos = end < length && _text[end] == ';' ? end + 1 : Math.Max(end, start + 1);
                if (isCopy && _text.IndexOf("stdin", start, end - start, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    pos = SkipCopyData(pos);
                }
            }
        }

        // pg_dump writes table rows after `COPY … FROM stdin;` as raw text up to a line `\.`; a quote in them
        // is data, not the start of a string.
        private int SkipCopyData(int pos)
        {
            int at = pos;
            while (true)
            {
                int marker = _text.IndexOf("\\.", at, StringComparison.Ordinal);
                if (marker < 0)
                {
                    Steps += _text.Length - pos;
                    return _text.Length;
                }

                bool lineStart = marker == 0 || _text[marker - 1] == '\n' || _text[marker - 1] == '\r';
                int after = marker + 2;
                bool lineEnd = after == _text.Length || _text[after] == '\n' || _text[after] == '\r';
                if (lineStart && lineEnd)
                {
                    Steps += after - pos;
                    return after;
                }

                at = marker + 1;
            }
        }

        // Whitespace, comments, empty statements and psql meta-command lines before a statement.
        private int SkipTrivia(int pos)
        {
            int length = _text.Length;
            while (pos < length)
            {
                Steps++;
                char c = _text[pos];
                if (char.IsWhiteSpace(c) || c == ';')
                {
                    pos++;
                }
                else if (c == '-' && pos + 1 < length && _text[pos + 1] == '-')
                {
                    pos = EndOfLine(pos);
                }
                else if (c == '/' && pos + 1 < length && _text[pos + 1] == '*')
                {
                    pos = SkipBlockComment(pos);
                }
                else if (c == '\\')
                {
                    pos = EndOfLine(pos);
                }
                else
                {
                    break;
                }
            }

            return pos;
        }

        private int EndOfLine(int pos)
        {
            int newline = _text.IndexOfAny(s_lineEnds, pos);
            int end = newline < 0 ? _text.Length : newline;
            Steps += end - pos;
            return end;
        }

        private static readonly char[] s_lineEnds = { '\n', '\r' };

        private int SkipBlockComment(int pos)
        {
            // PostgreSQL nests block comments.
            int nesting = 0;
            int i = pos;
            int length = _text.Length;
            while (i < length)
            {
                Steps++;
                if (_text[i] == '/' && i + 1 < length && _text[i + 1] == '*')
                {
                    nesting++;
                    i += 2;
                }
                else if (_text[i] == '*' && i + 1 < length && _text[i + 1] == '/')
                {
                    i += 2;
                    if (--nesting == 0)
                    {
                        return i;
                    }
                }
                else
                {
                    i++;
                }
            }

            return length;
        }

        private bool StartsWithWord(int pos, string word) =>
            pos + word.Length <= _text.Length
            && string.Compare(_text, pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (pos + word.Length == _text.Length || !IsWordChar(_text[pos + word.Length]));

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

        /// <summary>The index of the <c>;</c> ending the statement at <paramref name="pos"/>, of a backslash line, or the text's length.</summary>
        private int FindStatementEnd(int pos)
        {
            int length = _text.Length;
            int i = pos;
            while (i < length)
            {
                Steps++;
                char c = _text[i];
                switch (c)
                {
                    case ';':
                        return i;
                    case '\'':
                        i = SkipQuoted(i, '\'');
                        break;
                    case '"':
                    case '`':
                        i = SkipQuoted(i, c);
                        break;
                    case '[':
                        // An identifier unless it subscripts what directly precedes it (PostgreSQL `a[1]`).
                        i = i > 0 && (IsWordChar(_text[i - 1]) || _text[i - 1] is ')' or ']' or '"') ? i + 1 : SkipQuoted(i, ']');
                        break;
                    case '-' when i + 1 < length && _text[i + 1] == '-':
                        i = EndOfLine(i);
                        break;
                    case '/' when i + 1 < length && _text[i + 1] == '*':
                        i = SkipBlockComment(i);
                        break;
                    case '$':
                        i = SkipDollar(i);
                        break;
                    case '\n':
                    case '\r':
                        i++;
                        int next = i;
                        while (next < length && (_text[next] == ' ' || _text[next] == '\t'))
                        {
                            Steps++;
                            next++;
                        }

                        if (next < length && _text[next] == '\\')
                        {
                            return next;
                        }

                        break;
                    default:
                        if (IsWordChar(c))
                        {
                            int start = i;
                            while (i < length && IsWordChar(_text[i]))
                            {
                                Steps++;
                                i++;
                            }

                            // E'…' strings take backslash escapes, so \' does not close them.
                            if (i - start == 1 && (c == 'E' || c == 'e') && i < length && _text[i] == '\'')
                            {
                                i = SkipEscapeString(i);
                            }
                        }
                        else
                        {
                            i++;
                        }

                        break;
                }
            }

            return length;
        }

        // `''` inside a string reads as the end of one string and the start of the next: the same result.
        private int SkipQuoted(int open, char close)
        {
            int at = _text.IndexOf(close, open + 1);
            int end = at < 0 ? _text.Length : at + 1;
            Steps += end - open;
            return end;
        }

        private int SkipEscapeString(int open)
        {
            int i = open + 1;
            while (i < _text.Length)
            {
                Steps++;
                char c = _text[i];
                if (c == '\\')
                {
                    i += 2;
                }
                else if (c == '\'')
                {
                    return i + 1;
                }
                else
                {
                    i++;
                }
            }

            return _text.Length;
        }

        private int SkipDollar(int start)
        {
            int i = start + 1;
            while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_'))
            {
                Steps++;
                i++;
            }

            // `$1` is a parameter, and a tag cannot start with a digit.
            if (i >= _text.Length || _text[i] != '$' || (i > start + 1 && char.IsDigit(_text[start + 1])))
            {
                return start + 1;
            }

            string delimiter = _text.Substring(start, i - start + 1);
            int close = _text.IndexOf(delimiter, i + 1, StringComparison.Ordinal);
            int end = close < 0 ? _text.Length : close + delimiter.Length;
            Steps += end - start;
            return end;
        }

        private void ParseStatement(int start, int end)
        {
            string sql = _text.Substring(start, end - start);
            var lexer = new SqlLexer(sql);
            lexer.Run();
            Steps += lexer.Steps;
            var t = new TokenList(sql, lexer.Tokens, start);
            if (t.Count == 0)
            {
                return;
            }

            if (t.IsWord(0, "CREATE"))
            {
                if (lexer.Problems.Count > 0 && IsCreateTable(t))
                {
                    Problem(start + lexer.Problems[0].Offset, lexer.Problems[0].Message);
                }

                ParseCreate(t);
            }
            else if (t.IsWord(0, "ALTER"))
            {
                ParseAlter(t);
            }
            else if (t.IsWord(0, "DROP"))
            {
                ParseDrop(t);
            }

            Steps += t.Steps;
        }

        private void Problem(int offset, string message) => _state.Problems.Add(new SchemaProblem(_path, offset, message));

        private bool IsCreateTable(TokenList t)
        {
            int i = SkipCreateModifiers(t, 1);
            return t.IsWord(i, "TABLE");
        }

        private static int SkipCreateModifiers(TokenList t, int i)
        {
            if (t.IsWord(i, "OR") && t.IsWord(i + 1, "REPLACE"))
            {
                i += 2;
            }

            while (t.IsWordIn(i, s_createModifiers))
            {
                i++;
            }

            return i;
        }

        private void ParseCreate(TokenList t)
        {
            bool orReplace = t.IsWord(1, "OR") && t.IsWord(2, "REPLACE");
            bool isVirtual = false;
            for (int k = 1; k < t.Count && !t.IsWord(k, "TABLE") && !t.IsWord(k, "VIEW"); k++)
            {
                isVirtual |= t.IsWord(k, "VIRTUAL");
            }

            int i = SkipCreateModifiers(t, 1);
            if (t.IsWord(i, "TABLE"))
            {
                ParseCreateTable(t, i + 1, isVirtual);
            }
            else if (t.IsWord(i, "VIEW"))
            {
                ParseCreateView(t, i + 1, orReplace);
            }
        }

        private static bool SkipIfNotExists(TokenList t, ref int i)
        {
            if (t.IsWord(i, "IF") && t.IsWord(i + 1, "NOT") && t.IsWord(i + 2, "EXISTS"))
            {
                i += 3;
                return true;
            }

            return false;
        }

        private static bool SkipIfExists(TokenList t, ref int i)
        {
            if (t.IsWord(i, "IF") && t.IsWord(i + 1, "EXISTS"))
            {
                i += 2;
                return true;
            }

            return false;
        }

        /// <summary><c>name</c>, <c>schema.name</c> or <c>database.schema.name</c>.</summary>
        private static bool ReadQualifiedName(TokenList t, ref int i, out string name, out string? schema)
        {
            name = string.Empty;
            schema = null;
            if (!t.IsIdentifier(i))
            {
                return false;
            }

            name = t.Name(i);
            i++;
            while (t.Is(i, SqlTokenKind.Dot) && t.IsIdentifier(i + 1))
            {
                schema = name;
                name = t.Name(i + 1);
                i += 2;
            }

            return name.Length > 0;
        }

        private TableDraft? Declare(string name, string? schema, bool ifNotExists)
        {
            if (_state.Find(name, schema) is not null)
            {
                if (ifNotExists)
                {
                    return null;
                }

                _state.Remove(name, schema);
            }

            var table = new TableDraft(name, schema);
            _state.Tables.Add(table);
            return table;
        }

        private void ParseCreateTable(TokenList t, int i, bool isVirtual)
        {
            bool ifNotExists = SkipIfNotExists(t, ref i);
            int nameAt = i;
            if (!ReadQualifiedName(t, ref i, out string name, out string? schema))
            {
                Problem(t.Offset(nameAt), "Cannot read the table name of this CREATE TABLE statement.");
                return;
            }

            TableDraft? table = Declare(name, schema, ifNotExists);
            if (table is null)
            {
                return;
            }

            if (isVirtual || t.IsWord(i, "PARTITION") || t.IsWord(i, "OF"))
            {
                // Virtual tables have module-defined (and hidden) columns; partitions and typed tables take theirs elsewhere.
                table.ColumnsKnown = false;
                return;
            }

            if (t.IsWord(i, "AS"))
            {
                ReadQueryColumns(t, i + 1, table);
                return;
            }

            if (!t.Is(i, SqlTokenKind.OpenParen))
            {
                table.ColumnsKnown = false;
                Problem(t.Offset(i), $"Cannot read the definition of table '{name}': expected '(' or AS.");
                return;
            }

            int after = ParseTableElements(t, i, table);
            if (t.IsWord(after, "INHERITS"))
            {
                table.ColumnsKnown = false;
            }
            else if (t.IsWord(after, "AS"))
            {
                // PostgreSQL: CREATE TABLE t (a, b) AS SELECT …: the list only names the query's columns.
                table.IsDerived = true;
                foreach (ColumnDraft column in table.Columns)
                {
                    column.IsNullable = true;
                    column.Type = string.Empty;
                }
            }
        }

        private void ParseCreateView(TokenList t, int i, bool orReplace)
        {
            bool ifNotExists = SkipIfNotExists(t, ref i) && !orReplace;
            if (!ReadQualifiedName(t, ref i, out string name, out string? schema))
            {
                return;
            }

            TableDraft? view = Declare(name, schema, ifNotExists);
            if (view is null)
            {
                return;
            }

            view.IsDerived = true;
            if (t.Is(i, SqlTokenKind.OpenParen))
            {
                int close = t.SkipGroup(i, t.Count) - 1;
                foreach ((int start, int end) in SplitOnCommas(t, i + 1, close, t.Depth(i) + 1))
                {
                    if (t.IsIdentifier(start))
                    {
                        view.Columns.Add(new ColumnDraft(t.Name(start), string.Empty, isNullable: true));
                    }
                    else
                    {
                        view.ColumnsKnown = false;
                    }
                }

                return;
            }

            if (t.IsWord(i, "WITH") && t.Is(i + 1, SqlTokenKind.OpenParen))
            {
                i = t.SkipGroup(i + 1, t.Count);
            }

            if (t.IsWord(i, "AS"))
            {
                ReadQueryColumns(t, i + 1, view);
            }
            else
            {
                view.ColumnsKnown = false;
            }
        }

        // A view's or CREATE TABLE AS's columns, where the scanner can name every result column.
        private static void ReadQueryColumns(TokenList t, int queryStart, TableDraft table)
        {
            table.IsDerived = true;
            table.ColumnsKnown = false;
            if (queryStart >= t.Count)
            {
                return;
            }

            string query = t.Sql.Substring(t[queryStart].Start);
            SqlScanResult scan = SqlScanner.Scan(query);
            t.Steps += query.Length;
            if (scan.Statements.Count == 0 || scan.Statements[0].Columns is not { } columns)
            {
                return;
            }

            foreach (string column in columns)
            {
                table.Columns.Add(new ColumnDraft(column, string.Empty, isNullable: true));
            }

            table.ColumnsKnown = true;
        }

        /// <summary>Reads <c>( column-def | table-constraint, … )</c>; returns the index after the closer.</summary>
        private int ParseTableElements(TokenList t, int open, TableDraft table)
        {
            int after = t.SkipGroup(open, t.Count);
            bool closed = after > open + 1 && t.Is(after - 1, SqlTokenKind.CloseParen) && t.Depth(after - 1) == t.Depth(open);
            if (!closed)
            {
                table.ColumnsKnown = false;
                Problem(t.Offset(open), $"The column list of table '{table.Name}' is not closed.");
                return after;
            }

            int close = after - 1;
            int depth = t.Depth(open) + 1;
            if (close == open + 1)
            {
                // PostgreSQL allows a table without columns.
                return after;
            }

            foreach ((int start, int end) in SplitOnCommas(t, open + 1, close, depth))
            {
                ParseTableElement(t, start, end, depth, table, ifNotExists: false);
            }

            return after;
        }

        private static List<(int Start, int End)> SplitOnCommas(TokenList t, int start, int end, int depth)
        {
            var items = new List<(int, int)>();
            int itemStart = start;
            for (int k = start; k <= end; k++)
            {
                t.Steps++;
                if (k == end || (t.Is(k, SqlTokenKind.Comma) && t.Depth(k) == depth))
                {
                    items.Add((itemStart, k));
                    itemStart = k + 1;
                }
            }

            return items;
        }

        private static bool IsTableConstraint(TokenList t, int i) =>
            t.IsWord(i, "CONSTRAINT")
            || ((t.IsWord(i, "PRIMARY") || t.IsWord(i, "FOREIGN")) && t.IsWord(i + 1, "KEY"))
            || (t.IsWord(i, "UNIQUE") && (t.Is(i + 1, SqlTokenKind.OpenParen) || t.IsWord(i + 1, "KEY") || t.IsWord(i + 1, "NULLS")))
            || (t.IsWord(i, "CHECK") && t.Is(i + 1, SqlTokenKind.OpenParen))
            || (t.IsWord(i, "EXCLUDE") && (t.Is(i + 1, SqlTokenKind.OpenParen) || t.IsWord(i + 1, "USING")))
            || (t.IsWord(i, "LIKE") && t.IsIdentifier(i + 1));

        /// <summary>One column definition or table constraint, in CREATE TABLE or after ALTER TABLE … ADD.</summary>
        private void ParseTableElement(TokenList t, int start, int end, int depth, TableDraft table, bool ifNotExists)
        {
            if (start >= end)
            {
                table.ColumnsKnown = false;
                Problem(t.Offset(start), $"Empty item in the column list of table '{table.Name}'.");
                return;
            }

            if (IsTableConstraint(t, start))
            {
                if (t.IsWord(start, "LIKE"))
                {
                    table.ColumnsKnown = false;
                    return;
                }

                for (int k = start; k + 2 < end; k++)
                {
                    if (t.Depth(k) == depth && t.IsWord(k, "PRIMARY") && t.IsWord(k + 1, "KEY") && t.Is(k + 2, SqlTokenKind.OpenParen))
                    {
                        int close = t.SkipGroup(k + 2, end) - 1;
                        foreach ((int s, int _) in SplitOnCommas(t, k + 3, close, depth + 1))
                        {
                            if (t.IsIdentifier(s) && table.Find(t.Name(s)) is { } key)
                            {
                                key.IsNullable = false;
                            }
                        }

                        break;
                    }
                }

                return;
            }

            if (!t.IsIdentifier(start))
            {
                table.ColumnsKnown = false;
                Problem(t.Offset(start), $"Cannot read a column definition of table '{table.Name}'.");
                return;
            }

            string name = t.Name(start);
            int typeEnd = start + 1;
            while (typeEnd < end)
            {
                if (t.Is(typeEnd, SqlTokenKind.OpenParen))
                {
                    typeEnd = t.SkipGroup(typeEnd, end);
                }
                else if ((t.Is(typeEnd, SqlTokenKind.Word) && !t.IsWordIn(typeEnd, s_constraintWords))
                    || t.Is(typeEnd, SqlTokenKind.QuotedIdentifier)
                    || t.Is(typeEnd, SqlTokenKind.Dot))
                {
                    typeEnd++;
                }
                else
                {
                    break;
                }
            }

            string type = t.Normalized(start + 1, typeEnd);
            bool notNull = s_serialTypes.Contains(type);
            for (int k = typeEnd; k < end; k++)
            {
                t.Steps++;
                if (t.Depth(k) != depth)
                {
                    continue;
                }

                if ((t.IsWord(k, "NOT") && t.IsWord(k + 1, "NULL") && !t.IsWord(k - 1, "IS"))
                    || (t.IsWord(k, "PRIMARY") && t.IsWord(k + 1, "KEY"))
                    || t.IsWord(k, "IDENTITY"))
                {
                    notNull = true;
                }
            }

            if (table.Find(name) is { } existing)
            {
                if (!ifNotExists)
                {
                    // A duplicate column is an error in every database; keep the later definition.
                    existing.Type = type;
                    existing.IsNullable = !notNull;
                }

                return;
            }

            table.Columns.Add(new ColumnDraft(name, type, !notNull));
        }

        private void ParseAlter(TokenList t)
        {
            if (!t.IsWord(1, "TABLE"))
            {
                return;
            }

            int i = 2;
            SkipIfExists(t, ref i);
            if (t.IsWord(i, "ONLY"))
            {
                i++;
            }

            if (!ReadQualifiedName(t, ref i, out string name, out string? schema) || _state.Find(name, schema) is not { } table)
            {
                return;
            }

            if (t.Is(i, SqlTokenKind.Star))
            {
                i++;
            }

            // PostgreSQL takes several comma-separated actions; SQLite one.
            foreach ((int start, int end) in SplitOnCommas(t, i, t.Count, 0))
            {
                ParseAlterAction(t, start, end, table);
            }
        }

        private void ParseAlterAction(TokenList t, int start, int end, TableDraft table)
        {
            int k = start + 1;
            if (t.IsWord(start, "ADD"))
            {
                bool column = t.IsWord(k, "COLUMN");
                if (column)
                {
                    k++;
                }

                bool ifNotExists = SkipIfNotExists(t, ref k);
                if (column && IsTableConstraint(t, k))
                {
                    return;
                }

                ParseTableElement(t, k, end, 0, table, ifNotExists);
            }
            else if (t.IsWord(start, "DROP"))
            {
                if (t.IsWord(k, "COLUMN"))
                {
                    k++;
                }
                else if (!t.IsIdentifier(k) || t.IsWord(k, "CONSTRAINT"))
                {
                    return;
                }

                SkipIfExists(t, ref k);
                if (t.IsIdentifier(k) && table.Find(t.Name(k)) is { } column)
                {
                    table.Columns.Remove(column);
                }
            }
            else if (t.IsWord(start, "RENAME"))
            {
                if (t.IsWord(k, "TO") && t.IsIdentifier(k + 1))
                {
                    int nameAt = k + 1;
                    if (ReadQualifiedName(t, ref nameAt, out string newName, out _))
                    {
                        table.Name = newName;
                    }

                    return;
                }

                if (t.IsWord(k, "CONSTRAINT"))
                {
                    return;
                }

                if (t.IsWord(k, "COLUMN"))
                {
                    k++;
                }

                if (t.IsIdentifier(k) && t.IsWord(k + 1, "TO") && t.IsIdentifier(k + 2) && table.Find(t.Name(k)) is { } column)
                {
                    column.Name = t.Name(k + 2);
                }
            }
            else if (t.IsWord(start, "ALTER"))
            {
                if (t.IsWord(k, "COLUMN"))
                {
                    k++;
                }

                if (!t.IsIdentifier(k) || table.Find(t.Name(k)) is not { } column)
                {
                    return;
                }

                k++;
                if (t.IsWord(k, "SET") && t.IsWord(k + 1, "NOT") && t.IsWord(k + 2, "NULL"))
                {
                    column.IsNullable = false;
                }
                else if (t.IsWord(k, "DROP") && t.IsWord(k + 1, "NOT") && t.IsWord(k + 2, "NULL"))
                {
                    column.IsNullable = true;
                }
                else if (t.IsWord(k, "ADD") && t.IsWord(k + 1, "GENERATED"))
                {
                    column.IsNullable = false;
                }
                else if (t.IsWord(k, "TYPE") || (t.IsWord(k, "SET") && t.IsWord(k + 1, "DATA") && t.IsWord(k + 2, "TYPE")))
                {
                    int typeStart = t.IsWord(k, "TYPE") ? k + 1 : k + 3;
                    int typeEnd = typeStart;
                    while (typeEnd < end && !t.IsWord(typeEnd, "USING") && !t.IsWord(typeEnd, "COLLATE"))
                    {
                        typeEnd++;
                    }

                    column.Type = t.Normalized(typeStart, typeEnd);
                }
            }
            else if (t.IsWord(start, "SET") && t.IsWord(k, "SCHEMA") && t.IsIdentifier(k + 1))
            {
                table.Schema = t.Name(k + 1);
            }
        }

        private void ParseDrop(TokenList t)
        {
            int i = 1;
            if (t.IsWord(i, "MATERIALIZED") || t.IsWord(i, "FOREIGN"))
            {
                i++;
            }

            if (!t.IsWord(i, "TABLE") && !t.IsWord(i, "VIEW"))
            {
                return;
            }

            i++;
            SkipIfExists(t, ref i);
            while (ReadQualifiedName(t, ref i, out string name, out string? schema))
            {
                _state.Remove(name, schema);
                if (!t.Is(i, SqlTokenKind.Comma))
                {
                    break;
                }

                i++;
            }
        }
    }
}
