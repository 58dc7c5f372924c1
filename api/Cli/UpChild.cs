using System.Diagnostics;

namespace Verwalter.Api.Cli;

/// <summary>
/// One running <c>verwalter daemon</c> of a local cluster: its process, its output copied to
/// <see cref="UpNode.LogFile"/>, and the last lines kept for error messages.
/// </summary>
internal sealed class UpChild : IDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private UpChild(UpNode node, Process process, StreamWriter log)
    {
        Node = node;
        _process = process;
        _log = log;
        Pid = process.Id;
    }

    public UpNode Node { get; }

    public int Pid { get; }

    /// <summary>Completes with the exit code once the process is gone and its output is flushed.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static UpChild Start(UpNode node, IReadOnlyList<string> selfCommand)
    {
        Directory.CreateDirectory(node.Dir);
        var log = new StreamWriter(node.LogFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = UpExecutable.StartInfo(selfCommand, node.DaemonArgs), EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        var child = new UpChild(node, process, log);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = child.WatchAsync();
        return child;
    }

    /// <summary>The last lines the daemon printed (stdout and stderr interleaved).</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_gate)
        {
            return [.. _tail];
        }
    }

    /// <summary>Asks the daemon to stop (SIGTERM: the host's graceful shutdown).</summary>
    public void Terminate()
    {
        if (!HasExited)
        {
            UpSignals.Terminate(Pid);
        }
    }

    /// <summary>SIGKILL for the daemon and anything it started.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync(); // also waits for the redirected output to reach EOF
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        Append($"[verwalter up] {Node.Name} (pid {Pid}) exited with code {code}");
        _exited.TrySetResult(code);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            while (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // output after dispose is dropped
            }
        }
    }
}
