using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Verwalter.Tests.Cluster.Real;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

/// <summary>The real <c>verwalter up</c> process and the real daemons it starts.</summary>
[Collection(RealClusterCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UpCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly ClusterTestConfig _config = new();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("verwalter-up-test-");

    [Fact]
    public async Task Up_ThreeNodes_AllServeAndSigintStopsEveryChild()
    {
        var port = FreePortOnNodes(3);
        using var up = Start("--nodes", "3", "--port", port, "--config-dir", _config.Dir, "--work-dir", _work.FullName, "--json");
        var output = new UpOutput(up);
        int[] pids = [];
        try
        {
            var report = await output.ReportAsync(Timeout);
            var nodes = report["nodes"]!.AsArray();
            Assert.Equal(3, nodes.Count);
            pids = nodes.Select(n => n!["pid"]!.GetValue<int>()).ToArray();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 3; i++)
            {
                var url = new Uri(nodes[i]!["url"]!.GetValue<string>());
                Assert.Equal($"127.0.0.{i + 1}", url.Host);
                using var ready = await http.GetAsync(new Uri(url, "readyz"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                var status = JsonNode.Parse(await http.GetStringAsync(new Uri(url, "v1/status")))!;
                Assert.Equal($"node-{i + 1}", status["hostname"]!.GetValue<string>());
                Assert.Equal(nodes[i]!["id"]!.GetValue<string>(), status["id"]!.GetValue<string>());
                Assert.True(status["cluster_key"]!.GetValue<bool>(), $"node-{i + 1} runs without a cluster key");
            }

            var keyFile = report["cluster_key_file"]!.GetValue<string>();
            Assert.Equal(Path.Combine(_work.FullName, "cluster.key"), keyFile);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.DoesNotContain("without --cluster-key-file", File.ReadAllText(Path.Combine(_work.FullName, "node-2", "daemon.log")), StringComparison.Ordinal);

            Assert.True(report["joined"]!.GetValue<bool>(), "nodes 2 and 3 were not given --join");
            foreach (var node in nodes)
            {
                var url = new Uri(new Uri(node!["url"]!.GetValue<string>()), "v1/peers");
                await Eventually.WaitAsync(async () => JsonNode.Parse(await http.GetStringAsync(url))!.AsArray().Count(p => p!["state"]?.GetValue<string>() == "alive") == 2, Timeout, $"{url}: 2 alive peers");
            }

            ProcessSignals.Send(up.Id, ProcessSignals.SigInt);
            using var exit = new CancellationTokenSource(Timeout);
            await up.WaitForExitAsync(exit.Token);
            Assert.True(up.ExitCode == 0, $"exit code {up.ExitCode}\n{output.Text}");
            Assert.All(pids, pid => Assert.False(ProcessSignals.IsAlive(pid), $"daemon pid {pid} outlived 'verwalter up'\n{output.Text}"));
            Assert.Contains("Controller schedule stopped", File.ReadAllText(Path.Combine(_work.FullName, "node-2", "daemon.log")), StringComparison.Ordinal);
        }
        finally
        {
            KillAll(up, pids);
        }
    }

    [Fact]
    public async Task Up_NodeDiesAtStart_ExitsNonZeroWithItsLastLines()
    {
        Directory.CreateDirectory(Path.Combine(_work.FullName, "node-2"));
        File.WriteAllText(Path.Combine(_work.FullName, "node-2", "storage"), "a file where the storage dir should be");
        var port = FreePortOnNodes(2);
        using var up = Start("--nodes", "2", "--port", port, "--config-dir", _config.Dir, "--work-dir", _work.FullName);
        var output = new UpOutput(up);
        try
        {
            using var exit = new CancellationTokenSource(Timeout);
            await up.WaitForExitAsync(exit.Token);
            await output.DrainedAsync();
            Assert.True(up.ExitCode == 1, $"exit code {up.ExitCode}\n{output.Text}");
            Assert.Contains("node-2", output.Text, StringComparison.Ordinal);
            Assert.Contains("exited with code 3", output.Text, StringComparison.Ordinal);
            Assert.Contains("storage", output.Text, StringComparison.Ordinal);
        }
        finally
        {
            KillAll(up, []);
        }
    }

    [Fact]
    public async Task Up_PortInUse_SaysSoAndStartsNothing()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = await CliRun.RunAsync("up", "--nodes", "2", "--port", port, "--config-dir", _config.Dir, "--work-dir", _work.FullName);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"127.0.0.2:{port} is already in use", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.FullName, "node-1")));
    }

    public void Dispose()
    {
        _config.Dispose();
        _work.Delete(recursive: true);
    }

    private static Process Start(params string[] args) => DaemonProcess.StartDotnet([DaemonProcess.VerwalterDll, "up", .. args]);

    private static string FreePortOnNodes(int nodes)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = DaemonProcess.FreePort();
            if (Enumerable.Range(1, nodes).All(i => CanBind(IPAddress.Parse($"127.0.0.{i}"), port)))
            {
                return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no free port on 127.0.0.1..n");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpListener(address, port);
            tcp.Start();
            using var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(address, port));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static void KillAll(Process up, int[] pids)
    {
        if (!up.HasExited)
        {
            up.Kill(entireProcessTree: true);
        }

        foreach (var pid in pids.Where(ProcessSignals.IsAlive))
        {
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
        }
    }
}
