using System.Diagnostics;

namespace Sqlmint.Testing;

/// <summary>
/// Throwaway directories named <c>{prefix}{ownerPid}-{random}</c>. The owner's process id in the name
/// lets a later test process recognise and remove what a killed one left behind.
/// </summary>
public static class TempDirs
{
    /// <summary>Creates a fresh directory <c>{root}/{prefix}{pid}-{random}</c> (mode 0700 on Unix).</summary>
    public static string Create(string root, string prefix)
    {
        var path = Path.Combine(root, $"{prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// The process id encoded in a directory name made by <see cref="Create"/>, or null if the name
    /// does not have that shape.
    /// </summary>
    public static int? OwnerOf(string directoryName, string prefix)
    {
        if (!directoryName.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var rest = directoryName[prefix.Length..];
        var dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], out var pid) ? pid : null;
    }

    /// <summary>Whether a process with this id is running (zombies count as gone).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Directories under <paramref name="root"/> with this prefix whose owning process is gone.
    /// Directories of live processes (including this one) are in use and are not returned.
    /// </summary>
    public static IReadOnlyList<string> Orphans(string root, string prefix)
    {
        var result = new List<string>();
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(root, prefix + "*");
        }
        catch (IOException)
        {
            return result;
        }
        catch (UnauthorizedAccessException)
        {
            return result;
        }
        foreach (var dir in candidates)
        {
            var owner = OwnerOf(Path.GetFileName(dir), prefix);
            if (owner is { } pid && pid != Environment.ProcessId && !IsAlive(pid))
                result.Add(dir);
        }
        return result;
    }

    /// <summary>Deletes a directory tree, tolerating it being gone or busy; returns whether it is gone.</summary>
    public static bool TryDelete(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                    Directory.Delete(path, recursive: true);
                return true;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
        return !Directory.Exists(path);
    }

    /// <summary>Deletes orphaned directories of this prefix; returns how many were removed.</summary>
    public static int DeleteOrphans(string root, string prefix)
    {
        var removed = 0;
        foreach (var dir in Orphans(root, prefix))
        {
            if (TryDelete(dir))
                removed++;
        }
        return removed;
    }

    /// <summary>
    /// Starts a detached shell that, once this process (or <paramref name="ownerPid"/>) is gone, runs <paramref name="beforeDelete"/> (if any)
    /// and deletes <paramref name="path"/>; it quits by itself when the dir is deleted first. Unlike a
    /// ProcessExit handler this also works when the test host is killed. Unix only; a no-op elsewhere.
    /// </summary>
    public static void DeleteWhenProcessExits(string path, string? beforeDelete = null, int? ownerPid = null)
    {
        if (OperatingSystem.IsWindows())
            return;
        var dir = ShellQuote(path);
        var script =
            $"while kill -0 {ownerPid ?? Environment.ProcessId} 2>/dev/null && [ -d {dir} ]; do sleep 1; done; " +
            $"if [ -d {dir} ]; then {beforeDelete ?? "true"}; rm -rf {dir}; fi";
        // setsid + background: the watchdog leaves our process tree and session, so killing the tree spares it.
        var launch = ProcessRunner.Run("sh",
            ["-c", "if command -v setsid >/dev/null; then setsid sh -c \"$1\" </dev/null >/dev/null 2>&1 & else sh -c \"$1\" </dev/null >/dev/null 2>&1 & fi", "sh", script],
            workingDirectory: "/", timeout: TimeSpan.FromSeconds(10));
        if (!launch.Succeeded)
            throw new InvalidOperationException($"Could not start the cleanup watchdog for {path}.\n{launch.CommandLine}\n{launch.Output}");
    }

    /// <summary>Quotes a value for POSIX sh.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
