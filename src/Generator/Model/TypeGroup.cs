using System.Collections.Generic;
using System.Linq;

namespace Sqlmint.Generator.Model;

/// <summary>The methods of one containing type; the unit the emitter writes as one file.</summary>
internal sealed record TypeGroup(ContainingTypeSpec Type, EquatableArray<MethodSpec> Methods)
{
    public static IEnumerable<TypeGroup> Build(EquatableArray<ParseResult> results) =>
        results
            .Where(r => r.Method is not null)
            .Select(r => r.Method!)
            .GroupBy(m => m.ContainingType)
            .OrderBy(g => g.Key.HintName, System.StringComparer.Ordinal)
            .Select(g => new TypeGroup(g.Key, g.OrderBy(m => m.Name, System.StringComparer.Ordinal).ToEquatableArray()));
}
