using System.Linq;
using Microsoft.CodeAnalysis;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Parsing;

/// <summary>
/// Which C# types can be a column value or a parameter value, and how each is read. One table, so
/// parameters and columns always agree on what is supported.
/// </summary>
internal static class TypeFacts
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Nullable&lt;T&gt; → T; an annotated reference type → its unannotated form.</summary>
    public static ITypeSymbol UnwrapNullable(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return nullable.TypeArguments[0];
        }

        return type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
    }

    /// <summary>How to read a column of this type, if it is a column type (not a row type).</summary>
    public static bool TryGetColumnRead(ITypeSymbol type, out ColumnReadSpec? read)
    {
        read = null;
        bool isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        ITypeSymbol underlying = UnwrapNullable(type);
        string? cast = null;
        ITypeSymbol readType = underlying;
        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } enumBase })
        {
            cast = underlying.ToDisplayString(s_typeFormat);
            readType = enumBase;
        }

        string? getter = Getter(readType);
        if (getter is null)
        {
            return false;
        }

        bool isNullable = isNullableValue
            || (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated);
        read = new ColumnReadSpec(type.ToDisplayString(s_typeFormat), getter, cast, isNullable);
        return true;
    }

    /// <summary>The C# expression that gives a parameter's value, if the type can be sent to the driver.</summary>
    public static bool TryGetParameterValue(ITypeSymbol type, string name, out string? expression, out bool isNullable)
    {
        expression = null;
        isNullable = type.IsReferenceType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        ITypeSymbol underlying = UnwrapNullable(type);
        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } enumBase })
        {
            // Drivers do not know user enums; send the number, as the column read casts it back.
            string baseName = enumBase.ToDisplayString(s_typeFormat);
            expression = isNullable ? $"({baseName}?){name}" : $"({baseName}){name}";
            return true;
        }

        if (Getter(underlying) is null)
        {
            return false;
        }

        expression = name;
        return true;
    }

    /// <summary>True for Task, ValueTask and IAsyncEnumerable, whose async forms come in a later version.</summary>
    public static bool IsAsyncWrapper(ITypeSymbol type) =>
        type is INamedTypeSymbol named
        && (named.Name is "Task" or "ValueTask" && named.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks"
            || named.Name == "IAsyncEnumerable" && named.ContainingNamespace.ToDisplayString() == "System.Collections.Generic");

    /// <summary>The row type of a buffered list return: T[], List&lt;T&gt; and the interfaces List&lt;T&gt; implements.</summary>
    public static bool TryGetListElement(ITypeSymbol type, out ITypeSymbol? element, out bool isArray)
    {
        element = null;
        isArray = false;
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return false; // byte[] is a column value (a blob), not a list of rows.
            }

            element = array.ElementType;
            isArray = true;
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace.ToDisplayString() == "System.Collections.Generic"
            && named.Name is "List" or "IReadOnlyList" or "IList" or "ICollection" or "IReadOnlyCollection" or "IEnumerable")
        {
            element = named.TypeArguments[0];
            return true;
        }

        return false;
    }

    /// <summary>
    /// A collection that is not one of the list shapes (a dictionary, a set, a custom list): its rows would
    /// otherwise be taken for a row type with no members.
    /// </summary>
    public static bool IsOtherCollection(ITypeSymbol type) =>
        type.SpecialType != SpecialType.System_String
        && type is not IArrayTypeSymbol
        && (type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    private static string? Getter(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "GetBoolean";
            case SpecialType.System_Byte: return "GetByte";
            case SpecialType.System_Int16: return "GetInt16";
            case SpecialType.System_Int32: return "GetInt32";
            case SpecialType.System_Int64: return "GetInt64";
            case SpecialType.System_Single: return "GetFloat";
            case SpecialType.System_Double: return "GetDouble";
            case SpecialType.System_Decimal: return "GetDecimal";
            case SpecialType.System_String: return "GetString";
            case SpecialType.System_Char: return "GetChar";
            case SpecialType.System_DateTime: return "GetDateTime";
            case SpecialType.System_SByte:
            case SpecialType.System_UInt16:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
                return FieldValue(type);
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "GetFieldValue<byte[]>";
        }

        if (type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named)
        {
            switch (named.Name)
            {
                case "Guid": return "GetGuid";
                case "DateTimeOffset":
                case "DateOnly":
                case "TimeOnly":
                case "TimeSpan":
                    return FieldValue(type);
            }
        }

        return null;
    }

    private static string FieldValue(ITypeSymbol type) => $"GetFieldValue<{type.ToDisplayString(s_typeFormat)}>";
}
