using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// Runs one child for <c>!RootCommand</c>, <c>!Cmd</c> or <c>!Sh</c>: stdin is empty, stdout and
/// stderr are copied into the role log as they come, the working directory is <c>/</c> and the
/// environment is the daemon's own. A non-zero exit fails the unit; output on stderr alone does
/// not. Past <see cref="CommandContext.CommandTimeout"/> the child and everything it started are
/// killed. When the apply is cancelled (the daemon got SIGTERM) the child gets SIGTERM first and
/// <see cref="TermGrace"/> to exit, then its whole process tree is killed; the role log says so.
/// </summary>
internal static class ChildProcess
{
    public const string WorkingDirectory = "/";

    /// <summary>How long output may still arrive after the child exited (a background grandchild can hold the pipe).</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may take to exit after SIGTERM when the daemon stops.</summary>
    public static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(
        ImmutableArray<string> argv, CommandStep step, CommandContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WorkingDirectory,
        };
        foreach (var arg in argv.AsSpan()[1..])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw step.Fail($"failed to start: {e.Message}", e);
        }

        process.StandardInput.Close();
        var sink = new OutputSink(context.Log);
        var pumps = Task.WhenAll(
            sink.PumpAsync(process.StandardOutput.BaseStream),
            sink.PumpAsync(process.StandardError.BaseStream));

        var timeout = context.CommandTimeout > TimeSpan.Zero ? context.CommandTimeout : Timeout.InfiniteTimeSpan;
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await TerminateAsync(process, time);
            }

            await KillAsync(process, pumps, time);
            sink.Close();
            EndLine(sink, context.Log);
            if (cancellationToken.IsCancellationRequested)
            {
                context.Log.WriteLine($"Command cancelled: the daemon is stopping (SIGTERM, killed after {TermGrace.TotalSeconds:0} s if still running)");
                cancellationToken.ThrowIfCancellationRequested();
            }

            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            var what = $"timed out after {seconds} s and was killed";
            context.Log.WriteLine($"Command {what}");
            throw step.Fail(what);
        }

        var abandoned = false;
        try
        {
            await pumps.WaitAsync(OutputGrace, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            abandoned = true;
        }

        sink.Close();
        EndLine(sink, context.Log);
        if (abandoned)
        {
            context.Log.WriteLine("(a background process still holds the command's output open; the rest of it is not logged)");
        }

        context.Log.WriteLine($"Command exited with code {process.ExitCode}");
        if (process.ExitCode != 0)
        {
            throw step.Fail($"exited with code {process.ExitCode}");
        }
    }

    /// <summary>SIGTERM to the child, then up to <see cref="TermGrace"/> for it to exit.</summary>
    private static async Task TerminateAsync(Process process, TimeProvider time)
    {
        try
        {
            if (process.HasExited || !Posix.Signal(process.Id, Posix.SigTerm))
            {
                return;
            }

            await process.WaitForExitAsync().WaitAsync(TermGrace, time);
        }
        catch (TimeoutException)
        {
            // Still running: killed with its tree next.
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task KillAsync(Process process, Task pumps, TimeProvider time)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Not ours to kill any more (exited and reaped meanwhile).
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(KillGrace, time);
            await pumps.WaitAsync(OutputGrace, time);
        }
        catch (TimeoutException)
        {
            // Leave the rest to the OS; the sink is closed so nothing more reaches the log.
        }
    }

    private static void EndLine(OutputSink sink, IRoleLog log)
    {
        if (!sink.AtLineStart)
        {
            log.WriteLine("");
        }
    }
}
