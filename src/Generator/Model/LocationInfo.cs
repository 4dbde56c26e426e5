using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Sqlmint.Generator.Model;

/// <summary>
/// A source location as plain data. A Roslyn <see cref="Location"/> holds its syntax tree, so keeping one in
/// the model would pin old compilations and make every edit look like a change; we rebuild the
/// <see cref="Location"/> only when a diagnostic is reported.
/// </summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        FileLinePositionSpan lines = location.GetLineSpan();
        return new LocationInfo(
            location.SourceTree.FilePath,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            lines.StartLinePosition.Line,
            lines.StartLinePosition.Character,
            lines.EndLinePosition.Line,
            lines.EndLinePosition.Character);
    }

    /// <summary>A location in the compilation's tree for this file when there is one (so suppressions apply), else a file location.</summary>
    public Location ToLocation(System.Collections.Generic.IReadOnlyDictionary<string, SyntaxTree> trees) =>
        trees.TryGetValue(FilePath, out SyntaxTree? tree) && Start + Length <= tree.Length
            ? Location.Create(tree, new TextSpan(Start, Length))
            : ToFileLocation();

    public Location ToFileLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
