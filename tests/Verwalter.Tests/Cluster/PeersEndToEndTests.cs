using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;
using Xunit.Abstractions;

namespace Verwalter.Tests.Cluster;

/// <summary>Three real <c>verwalter daemon</c> processes on 127.0.0.1–3 finding each other by gossip.</summary>
[Collection(PeersProcessCollection.Name)]
public sealed class PeersEndToEndTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-peers-e2e-");
    private readonly int _port = DaemonProcess.FreePort();

    private readonly ITestOutputHelper _output;

    public PeersEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
        PeersDaemon.WriteTree(_root.FullName, "return { scheduler = function(input) local n = 0 for _ in pairs(input.peers) do n = n + 1 end return '{\"peers\":' .. n .. '}', '' end }\n");
        File.WriteAllText(Path.Combine(_root.FullName, "other-key"), "a-different-key-the-cluster-lacks\n");
    }

    [Fact]
    public async Task Daemons_JoinedWithJoin_SeeEachOtherAndMarkAKilledOneDeadWithinFiveSeconds()
    {
        await using var one = Start(1, "--cluster-key-file", KeyFile("key"));
        await using var two = Start(2, "--cluster-key-file", KeyFile("key"), "--join", $"127.0.0.1:{_port}");
        await using var three = Start(3, "--cluster-key-file", KeyFile("key"), "--join", $"127.0.0.1:{_port}");
        PeersDaemon[] all = [one, two, three];

        foreach (var daemon in all)
        {
            await daemon.WaitForPeersAsync(p => p.Count(x => x!["state"]!.GetValue<string>() == "alive") == 2, "2 alive peers", Timeout);
        }

        await Eventually.WaitAsync(
            async () => JsonNode.Parse(await two.Http.GetStringAsync(new Uri("/v1/schedule", UriKind.Relative)))?["data"]?["peers"]?.GetValue<int>() == 2,
            Timeout, "a schedule computed with both peers in its input");
        var status = JsonNode.Parse(await two.Http.GetStringAsync(new Uri("/v1/status", UriKind.Relative)))!;
        Assert.Equal(2, status["peers"]!.GetValue<int>());
        var cantal = JsonNode.Parse(await one.Http.GetStringAsync(new Uri("/all_peers.json", UriKind.Relative)))!["peers"]!.AsArray();
        Assert.Equal([$"127.0.0.2:{_port}", $"127.0.0.3:{_port}"], cantal.Select(p => p!["primary_addr"]!.GetValue<string>()).Order());

        // Flood from one source until the per-source token bucket (burst 400, 200/s) has dropped
        // some: in rounds, because on a loaded machine the kernel's receive buffer (a few hundred
        // small datagrams) may drop a single burst before the daemon reads enough of it.
        using (var flooder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp))
        {
            flooder.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.9"), 0));
            var target = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.1"), _port);
            await Eventually.WaitAsync(async () =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    await flooder.SendToAsync(new byte[] { 1, 0, 0, 0 }, target);
                }

                return await DroppedAsync(one, "rate_limited") > 0;
            }, Timeout, "the flood rate limited");
        }

        Assert.All(await one.PeersAsync(), p => Assert.Equal("alive", p!["state"]!.GetValue<string>()));
        var killedAt = Stopwatch.StartNew();
        three.Kill();
        foreach (var daemon in new[] { one, two })
        {
            await daemon.WaitForPeersAsync(p => p.Any(x => x!["id"]!.GetValue<string>() == three.Id && x["state"]!.GetValue<string>() == "dead"), "the killed node dead", Timeout);
        }

        var took = killedAt.Elapsed;
        _output.WriteLine($"killed node marked dead on both others after {took.TotalSeconds:F2} s");
        Assert.True(took <= TimeSpan.FromSeconds(5), $"marked dead after {took.TotalSeconds:F2} s");
        var metrics = await one.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("verwalter_peers{state=\"dead\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_WithoutTheClusterKey_CannotJoin()
    {
        await using var one = Start(1, "--cluster-key-file", KeyFile("key"));
        await using var two = Start(2, "--cluster-key-file", KeyFile("key"), "--join", $"127.0.0.1:{_port}");
        await using var wrongKey = Start(3, "--cluster-key-file", KeyFile("other-key"), "--join", $"127.0.0.1:{_port}");
        await using var noKey = Start(4, "--join", $"127.0.0.1:{_port}");

        await one.WaitForPeersAsync(p => p.Count == 1, "the keyed peer", Timeout);
        await Eventually.WaitAsync(
            async () => (await one.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("verwalter_cluster_packets_dropped_total{reason=\"bad_tag\"}", StringComparison.Ordinal)
                && await DroppedAsync(one, "bad_tag") >= 4,
            Timeout, "the strangers' datagrams dropped as bad_tag");

        Assert.Single(await one.PeersAsync());
        Assert.Empty(await wrongKey.PeersAsync());
        Assert.Empty(await noKey.PeersAsync());
    }

    [Fact]
    public async Task Daemon_UnreadableClusterKey_ExitsWithConfigErrorNamingTheFile()
    {
        var missing = Path.Combine(_root.FullName, "missing-key");
        using var process = DaemonProcess.StartDotnet(Arguments(1, "--cluster-key-file", missing));
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(3, process.ExitCode);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_TwoPeerSources_RefusedWithUsageError()
    {
        var run = await CliRun.RunAsync("daemon", "--config-dir", _root.FullName, "--join", "127.0.0.1:1", "--peers-file", KeyFile("peers.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("use only one peer source", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<double> DroppedAsync(PeersDaemon daemon, string reason)
    {
        var line = (await daemon.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)))
            .Split('\n')
            .First(l => l.StartsWith($"verwalter_cluster_packets_dropped_total{{reason=\"{reason}\"}}", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private string KeyFile(string name) => Path.Combine(_root.FullName, name);

    private PeersDaemon Start(int n, params string[] extra) => PeersDaemon.Start(_root.FullName, _port, n, extra);

    private List<string> Arguments(int n, params string[] extra) => PeersDaemon.Arguments(_root.FullName, _port, n, extra);

    public void Dispose() => _root.Delete(recursive: true);
}
