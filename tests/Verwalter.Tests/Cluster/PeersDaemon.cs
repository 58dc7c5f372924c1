using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cluster;

/// <summary>A real daemon process on one loopback address, with a client for its HTTP API; killed on dispose.</summary>
internal sealed class PeersDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public PeersDaemon(Process process, string host, int port, string id)
    {
        _process = process;
        Id = id;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host}:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Id { get; }

    /// <summary>The machine id of node <paramref name="n"/> (1-based) in these tests.</summary>
    public static string NodeId(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The tree <see cref="Arguments"/> points at: <c>config/</c> with an empty runtime and
    /// <paramref name="schedulerLua"/> as the scheduler, and the shared cluster key in <c>key</c>.
    /// </summary>
    public static void WriteTree(string root, string schedulerLua)
    {
        Directory.CreateDirectory(Path.Combine(root, "config", "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(root, "config", "runtime"));
        File.WriteAllText(Path.Combine(root, "config", "scheduler", "v1", "main.lua"), schedulerLua);
        File.WriteAllText(Path.Combine(root, "key"), "a-shared-cluster-key-of-32-bytes\n");
    }

    /// <summary>
    /// <c>dotnet verwalter.dll daemon</c> arguments for node <paramref name="n"/> on 127.0.0.n:<paramref name="port"/>,
    /// with <c>config/</c> and per-node storage and log dirs under <paramref name="root"/>.
    /// </summary>
    public static List<string> Arguments(string root, int port, int n, params string[] extra)
    {
        var dir = Path.Combine(root, "node" + n);
        List<string> args =
        [
            DaemonProcess.VerwalterDll, "daemon", "--config-dir", Path.Combine(root, "config"),
            "--storage-dir", Path.Combine(dir, "storage"), "--log-dir", Path.Combine(dir, "log"),
            "--host", $"127.0.0.{n}", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--hostname", "node" + n, "--override-machine-id", NodeId(n),
        ];
        args.AddRange(extra);
        return args;
    }

    /// <summary>Starts node <paramref name="n"/> (see <see cref="Arguments"/>).</summary>
    public static PeersDaemon Start(string root, int port, int n, params string[] extra) =>
        new(DaemonProcess.StartDotnet(Arguments(root, port, n, extra)), $"127.0.0.{n}", port, NodeId(n));

    public HttpClient Http { get; }

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

    public async Task<JsonArray> PeersAsync() =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri("/v1/peers", UriKind.Relative)))!.AsArray();

    public Task WaitForPeersAsync(Func<JsonArray, bool> condition, string what, TimeSpan timeout) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(_process.HasExited, "daemon exited:\n" + Output);
            return condition(await PeersAsync());
        }, timeout, $"{what} on {Http.BaseAddress}\n{Output}");

    /// <summary>SIGKILL, as a crashed host.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
