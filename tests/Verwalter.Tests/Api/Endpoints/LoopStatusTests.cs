using System.Net;
using System.Text.Json.Nodes;
using Verwalter.Api.Endpoints;
using Verwalter.Api.Hosting;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Endpoints;

/// <summary>The daemon's composition root in this process: every loop it runs shows in <c>/v1/status</c>, <c>/metrics</c> and <c>/readyz</c>.</summary>
public sealed class LoopStatusTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Render has no role to reconcile in the minimal example, so it never completes a pass there.
    private static readonly string[] PassingLoops = ["config", "schedule", "leadership", "replication", "peers"];

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("verwalter-loops-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task Status_Daemon_ListsEveryLoopAndCountsTheirPasses()
    {
        var settings = Settings();
        await using var app = DaemonHost.Build(settings, Node);
        await app.StartAsync();
        using var http = Client(settings);

        var loops = await Eventually.WaitAsync(async () =>
        {
            var status = JsonNode.Parse(await http.GetStringAsync(new Uri("v1/status", UriKind.Relative)));
            var list = status?["loops"]?.AsArray();
            return list is not null && PassingLoops.All(n => list.Any(l => (string?)l!["name"] == n && l["last_success"] is not null)) ? list : null;
        }, Timeout, "a completed pass of the config and cluster loops in /v1/status");

        Assert.Equal(["config", "schedule", "render", "storage", "leadership", "replication", "peers"], loops.Select(l => (string?)l!["name"]));
        Assert.All(loops, l => Assert.Equal(0, (int)l!["consecutive_failures"]!));
        Assert.Null(Loop(loops, "replication")["queue_depth"]);
        Assert.NotNull(Loop(loops, "peers")["queue_depth"]);
        Assert.NotNull(Loop(loops, "leadership")["queue_depth"]);

        var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("verwalter_reconcile_total{controller=\"leadership\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_reconcile_total{controller=\"peers\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_reconcile_total{controller=\"replication\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_workqueue_depth{controller=\"leadership\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("verwalter_workqueue_depth{controller=\"replication\"}", metrics, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Readyz_PeersLoopKeepsFailing_IsNotReadyAndNamesTheLoop()
    {
        var missing = Path.Combine(_state.FullName, "no-such-peers.yaml");
        var settings = Settings() with { Cluster = ClusterSettings.None with { PeersFile = missing } };
        await using var app = DaemonHost.Build(settings, Node);
        await app.StartAsync();
        using var http = Client(settings);

        var reasons = await Eventually.WaitAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var list = body?["reasons"]?.AsArray().Select(r => (string?)r).ToList();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && list is not null && list.Any(r => r!.StartsWith("peers loop failing", StringComparison.Ordinal)) ? list : null;
        }, Timeout, "/readyz naming the failing peers loop");

        Assert.Contains(reasons, r => r!.Contains("no-such-peers.yaml", StringComparison.Ordinal));
        var status = JsonNode.Parse(await http.GetStringAsync(new Uri("v1/status", UriKind.Relative)))!;
        var peers = Loop(status["loops"]!.AsArray(), "peers");
        Assert.Contains("no-such-peers.yaml", (string?)peers["last_error"], StringComparison.Ordinal);
        Assert.True((int)peers["consecutive_failures"]! >= HealthEndpoints.FailuresBeforeNotReady);
        Assert.NotNull(peers["next_retry"]);
        await app.StopAsync();
    }

    [Fact]
    public void FailingLoops_OnlyClusterLoopsFailingThreeTimesInARow_AreReasons()
    {
        var now = DateTimeOffset.UnixEpoch;
        ControllerCondition Failing(string name, int failures) => new(name, null, "boom", now, now, failures);

        var reasons = HealthEndpoints.FailingLoops(
        [
            Failing("leadership", 3),
            Failing("replication", 2),
            Failing("peers", 5),
            Failing("render", 9),
            Failing("supervisor", 9),
        ]).ToList();

        Assert.Equal(["leadership loop failing (3 passes in a row): boom", "peers loop failing (5 passes in a row): boom"], reasons);
    }

    private static NodeIdentity Node => new("0123456789abcdef0123456789abcdef", "alpha", "alpha");

    private DaemonSettings Settings() => new(
        Path.Combine(RepositoryPaths.Examples, "minimal"),
        Path.Combine(_state.FullName, "storage"),
        Path.Combine(_state.FullName, "log"),
        "127.0.0.1",
        DaemonProcess.FreePort(),
        null,
        null);

    private static HttpClient Client(DaemonSettings settings) => new() { BaseAddress = new Uri($"http://127.0.0.1:{settings.Port}/") };

    private static JsonNode Loop(JsonArray loops, string name) => loops.Single(l => (string?)l!["name"] == name)!;
}
