using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// One real <c>verwalter daemon</c> of a <see cref="DaemonCluster"/>: the same arguments on every
/// (re)start, its output kept across restarts for failure messages, and an HTTP client that
/// reaches it from inside its own network namespace when it has one (so a node whose link is
/// cut can still be observed).
/// </summary>
public sealed class DaemonNode : IAsyncDisposable
{
    private const int KeptChars = 200_000;

    private readonly IReadOnlyList<string> _command;
    private readonly StringBuilder _output = new();
    private Process? _process;

    internal DaemonNode(int index, string name, IPEndPoint endpoint, string machineId, string dir, IReadOnlyList<string> command, NetnsNetwork? network)
    {
        Index = index;
        Name = name;
        Endpoint = endpoint;
        MachineId = machineId;
        Dir = dir;
        _command = command;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) };
        if (network is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = network.CreateSocket(index);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        Http = new HttpClient(handler) { BaseAddress = new Uri($"http://{endpoint}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>0-based position in the cluster; the node's name is <c>node-(Index+1)</c>.</summary>
    public int Index { get; }

    public string Name { get; }

    public IPEndPoint Endpoint { get; }

    public string MachineId { get; }

    /// <summary>Holds <c>storage/</c> and <c>log/</c>; kept across restarts.</summary>
    public string Dir { get; }

    public HttpClient Http { get; }

    /// <summary>The daemon's pid, or 0 before the first start.</summary>
    public int Pid { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Everything the daemon printed (all starts), at most the last 200,000 characters.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string OutputTail(int lines)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    internal void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {Pid})");
        }

        _process?.Dispose();
        var info = new ProcessStartInfo(_command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in _command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Name}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Pid = process.Id;
        Append($"[harness] {Name} started, pid {Pid}");
    }

    /// <summary>SIGKILL, as a crash or power loss would: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        if (_process is { } p && !p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Append($"[harness] {Name} killed (SIGKILL)");
        }
    }

    /// <summary>SIGTERM and wait for a graceful exit; SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { } p || p.HasExited)
        {
            return;
        }

        ProcessSignals.Send(Pid, ProcessSignals.SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillHardAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillHardAsync();
        _process?.Dispose();
        Http.Dispose();
    }

    internal static int FreeLoopbackPort(IReadOnlyList<IPAddress> addresses)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = DaemonProcess.FreePort();
            if (addresses.All(a => CanBind(a, port)))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no port free on all node addresses after 50 tries");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > KeptChars)
            {
                _output.Remove(0, _output.Length - KeptChars);
            }
        }
    }
}
