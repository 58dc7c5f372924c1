using System.Diagnostics;

namespace Verwalter.Benchmarks;

/// <summary>
/// One member process of a failover benchmark cluster (an etcd member or a verwalter daemon):
/// started again with the same command after a kill, its last output lines kept for error messages.
/// </summary>
internal sealed class FailoverMember(string name, Uri baseUri, IReadOnlyList<string> command) : IDisposable
{
    private readonly Queue<string> _tail = new();
    private Process? _process;

    public string Name { get; } = name;

    public Uri BaseUri { get; } = baseUri;

    /// <summary>The member's id as the cluster reports it (etcd member id, verwalter node id), once known.</summary>
    public string? Id { get; set; }

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        _process?.Dispose();
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + command[0]);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>kill -9: no shutdown code runs, as in a crash.</summary>
    public void KillHard()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail.Select(l => "    " + l));
        }
    }

    public void Dispose()
    {
        KillHard();
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 15)
            {
                _tail.Dequeue();
            }
        }
    }
}
