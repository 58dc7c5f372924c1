using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.Endpoints;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Gossip;

public sealed class PeerEndpointsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Known = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly FakePeerSource _source = new();
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddProblemDetails();
        var peers = new SnapshotPublisher<PeerSet>();
        peers.Publish(new PeerSet(3, "00000000000000000000000000000001",
        [
            new PeerMember("00000000000000000000000000000002", "127.0.0.2:8379", "beta", "beta.test", MemberState.Alive, 0, Known, Known, Known.AddSeconds(5), TimeSpan.FromMilliseconds(3), Known.AddSeconds(5), Known.AddSeconds(4), 4, 5, 3),
            new PeerMember("00000000000000000000000000000003", "127.0.0.3:8379", "gamma", "gamma.test", MemberState.Dead, 2, Known, Known, null, null, null, null, 0, 0, 0),
        ]));
        builder.Services.AddSingleton(peers);
        builder.Services.AddSingleton<IPeerSource>(_source);
        _app = builder.Build();
        _app.Use(JsonOutput.StripSuffix);
        _app.UseRouting();
        _app.MapPeerEndpoints();
        await _app.StartAsync(_timeout.Token);
        _client = new HttpClient { BaseAddress = LoopbackServer.Address(_app) };
    }

    [Fact]
    public async Task AllPeers_Get_CantalShapeInCantalKeyOrder()
    {
        var body = await Client.GetStringAsync(new Uri("/all_peers.json", UriKind.Relative), _timeout.Token);
        var pretty = await Client.GetStringAsync(new Uri("/all_peers.pretty", UriKind.Relative), _timeout.Token);

        var peer = JsonNode.Parse(body)!["peers"]!.AsArray()[0]!.AsObject();
        Assert.Equal(
            ["id", "known_since", "primary_addr", "addresses", "hostname", "name", "last_probe", "probes_sent", "pings_received", "pongs_received", "last_roundtrip", "random_peer_roundtrip", "report", "last_report_direct", "state", "incarnation"],
            peer.Select(p => p.Key));
        Assert.Equal(Known.AddSeconds(5).ToUnixTimeMilliseconds(), peer["last_report_direct"]!.GetValue<long>());
        Assert.Equal(3, peer["last_roundtrip"]!.AsArray()[2]!.GetValue<long>());
        Assert.Contains("\n  \"peers\": [", pretty, StringComparison.Ordinal);
        Assert.Equal(body, await Client.GetStringAsync(new Uri("/all_peers", UriKind.Relative), _timeout.Token));
    }

    [Fact]
    public async Task V1Peers_Get_VerwalterShapeAndPretty()
    {
        var peers = JsonNode.Parse(await Client.GetStringAsync(new Uri("/v1/peers", UriKind.Relative), _timeout.Token))!.AsArray();
        var pretty = await Client.GetStringAsync(new Uri("/v1/peers.pretty", UriKind.Relative), _timeout.Token);

        Assert.Equal(2, peers.Count);
        Assert.Equal(["id", "primary_addr", "name", "hostname", "known_since", "last_report_direct", "errors", "state"], peers[0]!.AsObject().Select(p => p.Key));
        Assert.Equal("127.0.0.2:8379", peers[0]!["primary_addr"]!.GetValue<string>());
        Assert.Null(peers[1]!["last_report_direct"]);
        Assert.Equal("dead", peers[1]!["state"]!.GetValue<string>());
        Assert.StartsWith("[\n  {\n    \"id\": ", pretty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHost_ValidAddress_AcceptedAndHandedToTheSource()
    {
        using var response = await PostAsync("/add_host.json", """{"addr": "127.0.0.9:8379"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.9"), 8379)], _source.Added);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"address": "127.0.0.1:1"}""", "field 'addr' is missing")]
    [InlineData("""{"addr": 5}""", "field 'addr' must be")]
    [InlineData("""{"addr": "somewhere"}""", "field 'addr' must be a string \\\"ip:port\\\", got 'somewhere'")]
    [InlineData("""{"addr": "127.0.0.1"}""", "field 'addr' must be")]
    public async Task AddHost_MalformedBody_400NamingTheProblem(string body, string expected)
    {
        using var response = await PostAsync("/add_host", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(_timeout.Token), StringComparison.Ordinal);
        Assert.Empty(_source.Added);
    }

    [Fact]
    public async Task AddHost_SourceCannotAddHosts_409WithReason()
    {
        _source.Refusal = "peers come from the peers file";

        using var response = await PostAsync("/add_host.json", """{"addr": "127.0.0.9:8379"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("peers file", await response.Content.ReadAsStringAsync(_timeout.Token), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Client.PostAsync(new Uri(path, UriKind.Relative), content, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

    }

    public void Dispose()
    {
        _client?.Dispose();
        _timeout.Dispose();
    }

    private sealed class FakePeerSource : IPeerSource
    {
        public List<IPEndPoint> Added { get; } = [];

        public string? Refusal { get; set; }

        public string Kind => "fake";

        public ValueTask<string?> AddHostAsync(IPEndPoint address, CancellationToken cancellationToken)
        {
            if (Refusal is null)
            {
                Added.Add(address);
            }

            return ValueTask.FromResult(Refusal);
        }
    }
}
