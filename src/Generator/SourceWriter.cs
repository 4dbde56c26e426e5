using System.Text;

namespace Sqlmint.Generator;

/// <summary>
/// A small indent-aware text writer for generated code. Tracking indentation here keeps the emitter free of
/// hand-built whitespace, and its output identical for identical models.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void OpenBrace()
    {
        WriteLine("{");
        _indent++;
    }

    public void CloseBrace(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * IndentSize);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    public void WriteLine() => _text.Append('\n');

    public override string ToString() => _text.ToString();
}
