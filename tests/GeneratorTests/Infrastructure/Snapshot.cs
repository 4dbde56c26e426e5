namespace Sqlmint.GeneratorTests.Infrastructure;

/// <summary>
/// Snapshot testing without Verify (not on this NuGet mirror): the expected output is a committed
/// <c>Snapshots/NAME.verified.cs</c>, reviewed like code. On a mismatch the actual text is written beside it as
/// <c>NAME.received.cs</c> to diff; setting SQLMINT_ACCEPT_SNAPSHOTS=1 accepts it as the new verified file.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "SQLMINT_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual)
    {
        string folder = Path.Combine(FindTestsFolder(), "Snapshots");
        Directory.CreateDirectory(folder);
        string verified = Path.Combine(folder, name + ".verified.cs");
        string received = Path.Combine(folder, name + ".received.cs");
        string normalized = actual.Replace("\r\n", "\n");

        if (File.Exists(verified) && File.ReadAllText(verified).Replace("\r\n", "\n") == normalized)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, normalized);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized);
        Assert.Fail(File.Exists(verified)
            ? $"Snapshot '{name}' differs. Compare {received} with {verified}; set {AcceptVariable}=1 to accept."
            : $"Snapshot '{name}' has no verified file. Review {received}; set {AcceptVariable}=1 to accept.");
    }

    // The project folder is stamped into the test assembly at build time, so snapshots are found wherever
    // the binaries are built (an artifacts path, a mapped source path in CI).
    private static string FindTestsFolder() =>
        typeof(Snapshot).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GeneratorTestsProjectDirectory")
            .Value!;
}
