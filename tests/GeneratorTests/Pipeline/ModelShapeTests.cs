using System.Reflection;
using Sqlmint.Generator;

namespace Sqlmint.GeneratorTests.Pipeline;

/// <summary>
/// The cached model must hold no Roslyn object: a symbol or syntax node would pin whole compilations in
/// memory and compare by reference, so caching would silently stop working.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly Assembly s_generator = typeof(QueryGenerator).Assembly;

    public static TheoryData<string> ModelTypes()
    {
        var data = new TheoryData<string>();
        foreach (Type type in s_generator.GetTypes().Where(IsModelType))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_holds_no_roslyn_object(string typeName)
    {
        Type type = s_generator.GetType(typeName, throwOnError: true)!;
        var offenders = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), offenders);
        Assert.True(offenders.Count == 0, "Roslyn types reachable from the model: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_model_covers_the_types_the_pipeline_caches()
    {
        string[] names = s_generator.GetTypes().Where(IsModelType).Select(t => t.FullName!).ToArray();
        Assert.Contains("Sqlmint.Generator.Model.MethodSpec", names);
        Assert.Contains("Sqlmint.Generator.Model.ParseResult", names);
        Assert.Contains("Sqlmint.Generator.Model.TypeGroup", names);
        Assert.Contains("Sqlmint.Generator.Model.DiagnosticInfo", names);
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_classes_are_records_with_value_equality(string typeName)
    {
        Type type = s_generator.GetType(typeName, throwOnError: true)!;
        if (type.IsEnum || type.IsValueType)
        {
            return; // Enums and structs compare by value already.
        }

        // A record declares the compiler-generated EqualityContract property.
        Assert.NotNull(type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic));
    }

    private static bool IsModelType(Type type) =>
        !type.IsNested
        && !typeof(Delegate).IsAssignableFrom(type)
        && type.Namespace == "Sqlmint.Generator.Model"
        && !(type.IsAbstract && type.IsSealed) // static helper classes (the scanner itself, extension methods)
        && !type.Name.StartsWith('<');

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> offenders)
    {
        if (type.Assembly.GetName().Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
        {
            offenders.Add($"{path} ({type.FullName})");
            return;
        }

        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, offenders);
            return;
        }

        foreach (Type argument in type.GetGenericArguments())
        {
            Walk(argument, $"{path}<{argument.Name}>", seen, offenders);
        }

        if (type.Assembly != s_generator)
        {
            return; // BCL types: only their type arguments matter.
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, path + "." + field.Name, seen, offenders);
        }
    }
}
