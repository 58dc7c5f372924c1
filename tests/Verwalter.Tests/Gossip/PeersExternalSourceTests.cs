using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Tests.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Gossip;

public sealed class PeersExternalSourceTests : IDisposable
{
    private const string SelfId = "00000000000000000000000000000001";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_100_000);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-peers-file-");
    private readonly TestMeterFactory _meters = new();

    [Fact]
    public void FromCantal_AllPeers_MapsAddressToDaemonPortAndStateFromReportAge()
    {
        var json = $$"""
            {"peers":[
              {"id":"00000000000000000000000000000002","known_since":1700000000000,"primary_addr":"10.0.0.2:22682","addresses":["10.0.0.2:22682"],"hostname":"beta","name":"beta.example","last_report_direct":{{Now.AddSeconds(-3).ToUnixTimeMilliseconds()}}},
              {"id":"00000000000000000000000000000003","known_since":1700000000000,"primary_addr":null,"hostname":"gamma","name":null,"last_report_direct":{{Now.AddMinutes(-5).ToUnixTimeMilliseconds()}}},
              {"id":"00000000000000000000000000000004","known_since":1700000000000,"primary_addr":"10.0.0.4:22682","hostname":"delta","name":"delta","last_report_direct":null},
              {"id":"{{SelfId}}","primary_addr":"10.0.0.1:22682","hostname":"alpha","name":"alpha"},
              {"id":"not-an-id","primary_addr":"10.0.0.5:22682"}
            ]}
            """;

        var members = ExternalPeerParser.FromCantal(System.Text.Encoding.UTF8.GetBytes(json), SelfId, 8379, Now);

        Assert.Equal(["10.0.0.2:8379", "", "10.0.0.4:8379"], members.Select(m => m.Address));
        Assert.Equal([MemberState.Alive, MemberState.Suspect, MemberState.Dead], members.Select(m => m.State));
        Assert.Equal("gamma", members[1].Name);
        Assert.Equal(Now.AddSeconds(-3), members[0].LastReportDirect);
        Assert.Throws<JsonException>(() => ExternalPeerParser.FromCantal("""{"nope":[]}"""u8, SelfId, 8379, Now));
    }

    [Fact]
    public void FromFile_BadEntry_FormatExceptionNamingEntryAndField()
    {
        var list = JsonNode.Parse("""[{"id":"00000000000000000000000000000002","addr":"10.0.0.2:8379"},{"id":"00000000000000000000000000000003","addr":"nowhere"}]""");

        var ex = Assert.Throws<FormatException>(() => ExternalPeerParser.FromFile(list, SelfId, new Dictionary<string, DateTimeOffset>(), Now));

        Assert.Equal("entry 1: field 'addr' must be ip:port", ex.Message);
    }

    [Fact]
    public void ReloadIfChanged_YamlFileEdited_PublishesNewListAndKeepsLastGoodOnErrors()
    {
        var path = Path.Combine(_dir.FullName, "peers.yaml");
        File.WriteAllText(path, """
            - id: "00000000000000000000000000000002"
              addr: 10.0.0.2:8379
              hostname: beta
            - id: "00000000000000000000000000000001"
              addr: 10.0.0.1:8379
            """);
        var time = new ManualTimeProvider(Now);
        var peers = new SnapshotPublisher<PeerSet>();
        using var metrics = new MetricsRecorder(_meters);
        using var source = new FilePeerSource(
            new PeerSourceSettings([], null, path, 8379), new NodeIdentity(SelfId, "alpha", "alpha"), peers,
            new PeersMetrics(_meters, peers), time, NullLogger<FilePeerSource>.Instance);

        Assert.True(source.ReloadIfChanged());
        Assert.False(source.ReloadIfChanged());
        var first = peers.Current!.Value;
        Assert.Equal(["beta"], first.Members.Select(m => m.Hostname));
        Assert.Equal(MemberState.Alive, first.Members[0].State);

        time.Advance(TimeSpan.FromMinutes(1));
        File.WriteAllText(path, """[{"id":"00000000000000000000000000000002","addr":"10.0.0.2:8379","hostname":"beta"},{"id":"00000000000000000000000000000003","addr":"10.0.0.3:8379"}]""");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(1));
        Assert.True(source.ReloadIfChanged());
        var second = peers.Current!.Value;
        Assert.Equal(["beta", "10.0.0.3"], second.Members.Select(m => m.Hostname));
        Assert.Equal(Now, second.Members[0].KnownSince);
        Assert.True(second.Version > first.Version);

        File.WriteAllText(path, "- id: [broken\n");
        Assert.False(source.ReloadIfChanged());
        Assert.Same(second, peers.Current!.Value);
        Assert.Equal(1, metrics.Sum(PeersMetrics.SourceErrorsName));
    }

    [Fact]
    public async Task CantalSource_PollsAllPeersAndForwardsAddHost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? forwarded = null;
        var builder = LoopbackServer.CreateBuilder();
        await using var cantal = builder.Build();
        cantal.MapGet("/all_peers.json", () => Results.Text(
            """{"peers":[{"id":"00000000000000000000000000000002","known_since":1,"primary_addr":"127.0.0.2:22682","hostname":"beta","name":"beta","last_report_direct":null}]}""",
            "application/json"));
        cantal.MapPost("/add_host.json", async (HttpRequest request) =>
        {
            forwarded = await new StreamReader(request.Body).ReadToEndAsync();
            return Results.Text("""{"ok":true}""", "application/json");
        });
        await cantal.StartAsync(timeout.Token);
        var url = LoopbackServer.Address(cantal);
        var peers = new SnapshotPublisher<PeerSet>();
        using var source = new CantalPeerSource(
            new PeerSourceSettings([], url, null, 8379), new NodeIdentity(SelfId, "alpha", "alpha"), peers,
            new PeersMetrics(_meters, peers), TimeProvider.System, NullLogger<CantalPeerSource>.Instance);

        await source.StartAsync(timeout.Token);
        var set = await peers.WaitForNewerAsync(1, timeout.Token);
        var refused = await source.AddHostAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.9"), 22682), timeout.Token);
        await source.StopAsync(CancellationToken.None);

        Assert.Equal("127.0.0.2:8379", set.Value.Members.Single().Address);
        Assert.Null(refused);
        Assert.Equal("""{"addr":"127.0.0.9:22682"}""", forwarded);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _dir.Delete(recursive: true);
    }
}
