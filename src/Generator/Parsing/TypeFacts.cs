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
        bool isNullableValue = IsNullableValue(type);
        ITypeSymbol underlying = UnwrapNullable(type);
        string? cast = null;
        ITypeSymbol readType = underlying;
        bool isEnum = false;
        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } enumBase })
        {
            cast = underlying.ToDisplayString(s_typeFormat);
            readType = enumBase;
            isEnum = true;
        }

        string? getter = Getter(readType);
        if (getter is null)
        {
            return false;
        }

        // ushort and uint are read as the wider signed type every driver has (PostgreSQL has no unsigned types),
        // then narrowed with an overflow check; ulong has a helper of its own.
        bool checkedCast = false;
        if (Widened(readType) is not null)
        {
            cast ??= readType.ToDisplayString(s_typeFormat);
            checkedCast = true;
        }

        bool isNullable = isNullableValue
            || (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated);
        string clrType = underlying.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeFormat);
        read = new ColumnReadSpec(type.ToDisplayString(s_typeFormat), getter, cast, checkedCast, isNullable, clrType, isEnum);
        return true;
    }

    // The signed type that holds every value of an unsigned one and that every driver can send and read.
    private static string? Widened(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_UInt16 => "int",
        SpecialType.System_UInt32 => "long",
        _ => null,
    };

    /// <summary>The name of the helper in GeneratedCodeSupport that reads a column of this type, when a driver getter is not enough.</summary>
    public const string ReadUInt64 = nameof(ReadUInt64);

    /// <summary>True for a type that can be a parameter value or a column (a scalar, not a row or a list).</summary>
    public static bool IsScalar(ITypeSymbol type) => TryGetColumnRead(type, out _);

    /// <summary>How a value of this type is sent as a parameter, or null if the type cannot be sent to a driver.</summary>
    /// <param name="type">The value's type.</param>
    /// <param name="sqlName">The name as written in the SQL.</param>
    /// <param name="expression">The C# expression for the value.</param>
    /// <param name="declaredOn">The parameter, property or field the value comes from, for <c>[EnumAsText]</c>.</param>
    public static ParameterBindingSpec? Bind(ITypeSymbol type, string sqlName, string expression, ISymbol? declaredOn = null)
    {
        bool isNullable = type.IsReferenceType || IsNullableValue(type);
        ITypeSymbol underlying = UnwrapNullable(type);
        ITypeSymbol sent = underlying;
        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } enumBase } enumType)
        {
            if (HasEnumAsText(enumType) || (declaredOn is not null && HasEnumAsText(declaredOn)))
            {
                return new ParameterBindingSpec(sqlName, EnumName(enumType, expression, isNullable), isNullable, "String", null);
            }

            // Drivers do not know user enums; send the number, as the column read casts it back.
            sent = enumBase;
            expression = $"({enumBase.ToDisplayString(s_typeFormat)}{(isNullable ? "?" : "")}){expression}";
        }

        if (Getter(sent) is null)
        {
            return null;
        }

        if (sent.SpecialType == SpecialType.System_UInt64)
        {
            return new ParameterBindingSpec(sqlName, expression, isNullable, DbTypeOf(sent), "SetUInt64");
        }

        if (Widened(sent) is { } widened)
        {
            expression = $"({widened}{(isNullable ? "?" : "")}){expression}";
        }

        return new ParameterBindingSpec(sqlName, expression, isNullable, DbTypeOf(sent), null);
    }

    private static bool HasEnumAsText(ISymbol symbol) => symbol.GetAttributes().Any(a =>
        a.AttributeClass is { Name: "EnumAsTextAttribute", ContainingNamespace: { Name: "Sqlmint", ContainingNamespace.IsGlobalNamespace: true } });

    // An enum sent as its name: a switch over the declared members (no reflection, no Enum.ToString's lookup), and
    // the number as text for a value that is not a declared member, so nothing is lost.
    private static string EnumName(INamedTypeSymbol enumType, string expression, bool isNullable)
    {
        string typeName = enumType.ToDisplayString(s_typeFormat);
        var arms = enumType.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .GroupBy(f => f.ConstantValue) // aliases: the first declared name wins, as Enum.ToString would pick one
            .Select(g => $"{typeName}.{g.First().Name} => \"{g.First().Name}\"");
        // A pattern variable named after the expression: two such bindings in one method must not clash.
        string value = isNullable ? "__" + new string(expression.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) : expression;
        string body = $"{value} switch {{ {string.Join(", ", arms)}, _ => (({enumType.EnumUnderlyingType!.ToDisplayString(s_typeFormat)}){value}).ToString(global::System.Globalization.CultureInfo.InvariantCulture) }}";
        return isNullable ? $"({expression} is {{ }} {value} ? {body} : null)" : body;
    }

    public static bool IsNullableValue(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    /// <summary>
    /// The element type of a collection parameter (arrays, List, IEnumerable and friends), or null. Strings and
    /// byte[] are values, not collections.
    /// </summary>
    public static ITypeSymbol? CollectionElement(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType.SpecialType == SpecialType.System_Byte ? null : array.ElementType;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named
            && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return named.TypeArguments[0];
        }

        foreach (INamedTypeSymbol candidate in type.AllInterfaces)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return candidate.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>The awaitable a method returns, and the type inside it.</summary>
    public static AsyncKind AsyncKindOf(ITypeSymbol type, out ITypeSymbol? inner)
    {
        inner = null;
        if (type is not INamedTypeSymbol named)
        {
            return AsyncKind.None;
        }

        string ns = named.ContainingNamespace.ToDisplayString();
        if (ns == "System.Threading.Tasks" && named.Name is "Task" or "ValueTask")
        {
            inner = named.TypeArguments.Length == 1 ? named.TypeArguments[0] : null;
            return named.Name == "Task" ? AsyncKind.Task : AsyncKind.ValueTask;
        }

        if (ns == "System.Collections.Generic" && named.Name == "IAsyncEnumerable" && named.TypeArguments.Length == 1)
        {
            inner = named.TypeArguments[0];
            return AsyncKind.AsyncEnumerable;
        }

        return AsyncKind.None;
    }

    // The DbType declared for a NULL value: without it, PostgreSQL cannot infer the type of a parameter used
    // only in a context like "@x is null" and fails with 42P08.
    private static string DbTypeOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Byte: return "Byte";
            // Npgsql has no DbType for sbyte and the unsigned types; a NULL is declared as the next wider signed type.
            case SpecialType.System_SByte: return "Int16";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "Int32";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "Int64";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "Decimal";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_String: return "String";
            case SpecialType.System_Char: return "StringFixedLength";
            case SpecialType.System_DateTime: return "DateTime2";
        }

        if (type is IArrayTypeSymbol)
        {
            return "Binary";
        }

        return type.Name switch
        {
            "Guid" => "Guid",
            "DateTimeOffset" => "DateTimeOffset",
            "DateOnly" => "Date",
            "TimeOnly" => "Time",
            _ => "Object",
        };
    }

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
                return FieldValue(type);
            case SpecialType.System_UInt16: return "GetInt32"; // then narrowed: see Widened
            case SpecialType.System_UInt32: return "GetInt64";
            case SpecialType.System_UInt64: return ReadUInt64;
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
