using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Verwalter.Tests.Cluster;
using Verwalter.Tests.Testing;
using Xunit.Abstractions;

namespace Verwalter.Tests.Leadership;

/// <summary>Three real daemons on 127.0.0.1–3 over the UDP transport: one leader, replication, failover after SIGKILL.</summary>
[Collection(PeersProcessCollection.Name)]
public sealed class LeadershipProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-lead-proc-");
    private readonly int _port = DaemonProcess.FreePort();
    private readonly ITestOutputHelper _output;

    public LeadershipProcessTests(ITestOutputHelper output)
    {
        _output = output;
        PeersDaemon.WriteTree(_root.FullName, "return { scheduler = function(input) return { writer = input.current_host, parents = #input.parents } end }\n");
    }

    [Fact]
    public async Task ThreeDaemons_OneLeader_FollowersReplicate_FailoverAfterKill()
    {
        var key = Path.Combine(_root.FullName, "key");
        await using var one = Start(1, "--cluster-key-file", key);
        await using var two = Start(2, "--cluster-key-file", key, "--join", $"127.0.0.1:{_port}");
        await using var three = Start(3, "--cluster-key-file", key, "--join", $"127.0.0.1:{_port}");
        PeersDaemon[] all = [one, two, three];

        var leaderId = await AgreedLeaderWithScheduleAsync(all, "one leader whose schedule every node has");
        var leader = all.Single(d => d.Id == leaderId);
        foreach (var daemon in all.Where(d => d != leader))
        {
            var status = await Json(daemon, "/v1/status");
            Assert.Equal("ok", status["schedule_status"]!.GetValue<string>());
            Assert.Equal(leaderId, status["leader"]!["id"]!.GetValue<string>());
        }

        var survivors = all.Where(d => d != leader).ToArray();
        var clock = Stopwatch.StartNew();
        leader.Kill();
        var newLeader = await Eventually.WaitAsync(
            async () =>
            {
                var views = await Task.WhenAll(survivors.Select(d => Json(d, "/v1/election")));
                var ids = views.Select(v => v["leader"]?.GetValue<string>()).Distinct().ToList();
                return ids.Count == 1 && ids[0] is { } id && id != leaderId && views.Count(v => v["is_leader"]!.GetValue<bool>()) == 1 ? id : null;
            },
            Timeout,
            "a new leader followed by both survivors");
        var elected = clock.Elapsed;
        await AgreedLeaderWithScheduleAsync(survivors, "the new leader's schedule on both survivors", newLeader);
        var replicated = clock.Elapsed;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover after SIGKILL: new leader followed after {elected.TotalMilliseconds:F0} ms, its schedule on both survivors after {replicated.TotalMilliseconds:F0} ms"));
        Assert.True(elected <= TimeSpan.FromSeconds(5), $"failover took {elected.TotalSeconds:F2} s");
    }

    private static async Task<string> AgreedLeaderWithScheduleAsync(PeersDaemon[] daemons, string what, string? expected = null) =>
        await Eventually.WaitAsync(
            async () =>
            {
                var elections = await Task.WhenAll(daemons.Select(d => Json(d, "/v1/election")));
                var leaders = elections.Select(e => e["leader"]?.GetValue<string>()).Distinct().ToList();
                if (leaders.Count != 1 || leaders[0] is not { } id || (expected is not null && id != expected))
                {
                    return null;
                }

                var schedules = new List<JsonNode>();
                foreach (var daemon in daemons)
                {
                    using var response = await daemon.Http.GetAsync(new Uri("/v1/schedule", UriKind.Relative));
                    if (!response.IsSuccessStatusCode)
                    {
                        return null;
                    }

                    schedules.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
                }

                return schedules.All(s => s["origin"]!.GetValue<string>() == id)
                    && schedules.Select(s => s["hash"]!.GetValue<string>()).Distinct().Count() == 1 ? id : null;
            },
            Timeout,
            what + "\n" + string.Join("\n---\n", daemons.Select(d => d.Output)));

    private static async Task<JsonNode> Json(PeersDaemon daemon, string path) =>
        JsonNode.Parse(await daemon.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    private PeersDaemon Start(int n, params string[] extra) => PeersDaemon.Start(_root.FullName, _port, n, extra);

    public void Dispose() => _root.Delete(recursive: true);
}
