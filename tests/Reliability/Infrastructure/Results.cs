using System.Reflection;

namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// Writes figures of a run to <c>tests/Reliability/results/</c> (the project directory is recorded in the
/// assembly at build time, so this works with any artifacts path); docs/reliability.md quotes them. Never fails
/// a test: when the directory is not there (a copied test binary), it writes nothing.
/// </summary>
public static class Results
{
    public static string? Write(string fileName, string text)
    {
        string? project = typeof(Results).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ReliabilityProjectDirectory")?.Value;
        if (project is null || !Directory.Exists(project))
            return null;
        try
        {
            string results = Path.Combine(project, "results");
            Directory.CreateDirectory(results);
            string path = Path.Combine(results, fileName);
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            return path;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
