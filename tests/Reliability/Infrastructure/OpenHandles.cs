namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>The process's open file descriptors (Linux: <c>/proc/self/fd</c>), to show that nothing leaks.</summary>
public static class OpenHandles
{
    /// <summary>True where the count can be taken (Linux).</summary>
    public static bool Supported => Directory.Exists("/proc/self/fd");

    /// <summary>How many file descriptors the process has open (sockets, files, pipes).</summary>
    public static int Count() => Supported ? Directory.GetFileSystemEntries("/proc/self/fd").Length : 0;

    /// <summary>How many open descriptors point at <paramref name="path"/> (a SQLite database file, say).</summary>
    public static int CountOpen(string path)
    {
        if (!Supported)
            return 0;
        string full = Path.GetFullPath(path);
        int count = 0;
        foreach (string fd in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target == full)
                    count++;
            }
            catch (IOException)
            {
                // Closed between listing and reading.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return count;
    }

    /// <summary>
    /// The count once it has settled: collects garbage and finalizers first, so a handle that only awaits
    /// finalization is not mistaken for a leak (and a real leak, still referenced or not, still shows).
    /// </summary>
    public static int SettledCount()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return Count();
    }
}
