using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Sqlmint.Testing;

/// <summary>The outcome of <see cref="ProcessRunner.Run"/>: exit code and interleaved stdout/stderr.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command to completion with a hard timeout, so a stuck tool can never hang a test run.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/>. With <paramref name="runAs"/> set, runs it as
    /// that OS user through <c>runuser -u USER --</c> (only root may do this).
    /// Throws <see cref="TimeoutException"/> (after killing the process tree) when it takes too long, and
    /// <see cref="InvalidOperationException"/> when the program cannot be started at all.
    /// </summary>
    public static ProcessResult Run(
        string file,
        IEnumerable<string> args,
        string? workingDirectory = null,
        string? runAs = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo
        {
            FileName = runAs is null ? file : "runuser",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The test's own directory may be unreadable for the postgres user, and initdb dislikes that.
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(runAs);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        // Stable, English tool messages regardless of the machine's locale.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANG"] = "C";

        var commandLine = psi.FileName + " " + string.Join(' ', psi.ArgumentList.Select(Quote));
        var output = new StringBuilder();
        var stdoutDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data, stdoutDone);
        process.ErrorDataReceived += (_, e) => Append(e.Data, stderrDone);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{commandLine}`: {ex.Message}", ex);
        }
        // No stdin in CI; close it so nothing can wait for input.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }
            throw new TimeoutException($"`{commandLine}` did not finish within {limit.TotalSeconds:0} s. Output so far:\n{Snapshot()}");
        }
        // A grandchild holding our pipes open must not hang us: wait for the end of output only briefly.
        Task.WhenAll(stdoutDone.Task, stderrDone.Task).Wait(TimeSpan.FromSeconds(5));
        return new ProcessResult(commandLine, process.ExitCode, Snapshot());

        void Append(string? line, TaskCompletionSource done)
        {
            if (line is null)
            {
                done.TrySetResult();
                return;
            }
            lock (output)
                output.AppendLine(line);
        }

        string Snapshot()
        {
            lock (output)
                return output.ToString();
        }
    }

    static string Quote(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
