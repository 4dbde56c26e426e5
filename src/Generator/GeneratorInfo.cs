namespace Sqlmint.Generator;

/// <summary>The generator's name and version, stamped on generated code through [GeneratedCode].</summary>
internal static class GeneratorInfo
{
    public const string Name = "Sqlmint.Generator";
    public const string Version = "0.1.0";
}
