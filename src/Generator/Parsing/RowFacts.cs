using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Parsing;

/// <summary>
/// Decides how a row type is built: which constructor, and which members are filled from columns.
/// </summary>
/// <remarks>
/// Rules, so users can predict them: a class with an accessible parameterless constructor uses it and sets
/// members; otherwise its single accessible constructor with parameters is used (records' primary
/// constructors). A struct uses its single explicit constructor with parameters if it has one. Constructor
/// parameters and <c>init</c>/<c>required</c> members need a column; plain settable members are filled when a
/// column matches and keep their initial value otherwise.
/// </remarks>
internal static class RowFacts
{
    internal sealed class RowBinding
    {
        public List<ColumnMemberSpec> ConstructorArguments { get; } = new();

        public List<ColumnMemberSpec> InitMembers { get; } = new();

        public List<ColumnMemberSpec> SettableMembers { get; } = new();

        public bool IsTuple { get; set; }
    }

    /// <summary>Fills <paramref name="binding"/>, or returns why the type cannot be a row.</summary>
    public static string? Describe(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation, out RowBinding binding)
    {
        binding = new RowBinding();
        if (type is not INamedTypeSymbol named || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return "it is not a class, record or struct";
        }

        if (named.IsAbstract || named.IsStatic)
        {
            return "it is abstract or static";
        }

        if (named.IsTupleType)
        {
            // Tuples bind by position: element i is column i, as Dapper does.
            binding.IsTuple = true;
            foreach (IFieldSymbol element in named.TupleElements)
            {
                if (!TypeFacts.TryGetColumnRead(element.Type, out ColumnReadSpec? elementRead))
                {
                    return $"tuple element '{element.Name}' has type '{element.Type.ToDisplayString()}', which cannot be read from a column";
                }

                binding.ConstructorArguments.Add(new ColumnMemberSpec(element.Name, Key(element.Name), elementRead!));
            }

            return null;
        }

        if (named.SpecialType == SpecialType.System_Object)
        {
            return "'object' has no members to fill; declare a record";
        }

        List<IMethodSymbol> constructors = named.InstanceConstructors
            .Where(c => compilation.IsSymbolAccessibleWithin(c, within))
            .Where(c => !IsCopyConstructor(c, named))
            .ToList();
        IMethodSymbol? parameterless = constructors.FirstOrDefault(c => c.Parameters.Length == 0);
        List<IMethodSymbol> withParameters = constructors.Where(c => c.Parameters.Length > 0).ToList();

        IMethodSymbol? chosen;
        if (named.TypeKind == TypeKind.Struct)
        {
            chosen = withParameters.Count == 1 ? withParameters[0] : parameterless;
        }
        else if (parameterless is not null)
        {
            chosen = parameterless;
        }
        else if (withParameters.Count == 1)
        {
            chosen = withParameters[0];
        }
        else if (withParameters.Count == 0)
        {
            return "it has no accessible constructor";
        }
        else
        {
            return $"it has {withParameters.Count} accessible constructors with parameters and none without; keep one";
        }

        if (chosen is null)
        {
            return "it has no usable constructor";
        }

        var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (IParameterSymbol parameter in chosen.Parameters)
        {
            if (!TypeFacts.TryGetColumnRead(parameter.Type, out ColumnReadSpec? read))
            {
                return $"constructor parameter '{parameter.Name}' has type '{parameter.Type.ToDisplayString()}', which cannot be read from a column";
            }

            binding.ConstructorArguments.Add(new ColumnMemberSpec(parameter.Name, Key(ColumnName(parameter) ?? ColumnName(PropertyFor(named, parameter.Name)) ?? parameter.Name), read!));
            bound.Add(parameter.Name);
        }

        foreach (ISymbol member in Members(named))
        {
            if (bound.Contains(member.Name) || !compilation.IsSymbolAccessibleWithin(member, within))
            {
                continue;
            }

            (ITypeSymbol? memberType, bool isInit, bool isRequired) = member switch
            {
                IPropertySymbol { SetMethod: { } setter } property when !property.IsIndexer && compilation.IsSymbolAccessibleWithin(setter, within)
                    => (property.Type, setter.IsInitOnly, property.IsRequired),
                IFieldSymbol { IsReadOnly: false, IsConst: false, IsImplicitlyDeclared: false } field
                    => (field.Type, false, field.IsRequired),
                _ => (null, false, false),
            };
            if (memberType is null)
            {
                continue;
            }

            if (!TypeFacts.TryGetColumnRead(memberType, out ColumnReadSpec? read))
            {
                if (isInit || isRequired)
                {
                    return $"member '{member.Name}' has type '{memberType.ToDisplayString()}', which cannot be read from a column";
                }

                continue; // A navigation-style member (a list, another entity) is left alone, as Dapper does.
            }

            bound.Add(member.Name);
            var spec = new ColumnMemberSpec(Escape(member.Name), Key(ColumnName(member) ?? member.Name), read!);
            if (isInit || isRequired)
            {
                binding.InitMembers.Add(spec);
            }
            else
            {
                binding.SettableMembers.Add(spec);
            }
        }

        if (binding.ConstructorArguments.Count + binding.InitMembers.Count + binding.SettableMembers.Count == 0)
        {
            return "it has no constructor parameters or settable members to fill from columns";
        }

        return null;
    }

    /// <summary>The comparison key the runtime uses: lower case, without underscores.</summary>
    public static string Key(string name) => name.Replace("_", string.Empty).ToLowerInvariant();

    private static string Escape(string name) => QueryGenerator.Parser.Identifier(name);

    /// <summary>The name given by <c>[Sqlmint.Column("name")]</c>, if any.</summary>
    private static string? ColumnName(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return null;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ColumnAttribute", ContainingNamespace: { Name: "Sqlmint", ContainingNamespace.IsGlobalNamespace: true } }
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    // A record's positional parameter may carry [Column] on the generated property ([property: Column("x")]).
    private static IPropertySymbol? PropertyFor(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault();

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    /// <summary>Instance properties and fields, most derived first; a name seen once hides the base's.</summary>
    internal static IEnumerable<ISymbol> Members(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (ITypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member is not (IPropertySymbol or IFieldSymbol))
                {
                    continue;
                }

                if (seen.Add(member.Name))
                {
                    yield return member;
                }
            }
        }
    }
}
