using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.Endpoints;
using Verwalter.Leadership;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Cluster;

/// <summary>The action and election routes on a real Kestrel (127.0.0.1:0) with fake leadership.</summary>
public sealed class ActionEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly FakeView _view = new();
    private readonly SnapshotPublisher<LeadershipState> _leadership = new();
    private ActionQueue _actions = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(new ActionQueue(_time));
        builder.Services.AddSingleton<ILeadershipView>(_view);
        builder.Services.AddSingleton(_leadership);
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.MapActionEndpoints();
        _app.MapElectionEndpoints();
        await _app.StartAsync();
        _actions = _app.Services.GetRequiredService<ActionQueue>();
        _http = new HttpClient { BaseAddress = LoopbackServer.Address(_app), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _http?.Dispose();

    [Fact]
    public async Task Action_WithoutJsonContentType_Is415()
    {
        using var plain = await _http.PostAsync("/v1/action", new StringContent("{}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        using var none = await _http.PostAsync("/v1/wait_action", new ByteArrayContent("{}"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.StatusCode);
    }

    [Fact]
    public async Task Action_OnAFollower_Is503WithTheLeadersAddress()
    {
        _view.Current = new LeadershipLease(false, 4);
        _leadership.Publish(new LeadershipState
        {
            Phase = ElectionPhase.Follower,
            Epoch = 4,
            LeaderId = "00000000000000000000000000000002",
            LeaderAddress = "127.0.0.2:8379",
            Since = _time.GetUtcNow(),
            Deadline = _time.GetUtcNow(),
        });

        using var response = await Post("/v1/action", """{"button":1}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("127.0.0.2:8379", body["leader_addr"]!.GetValue<string>());
        Assert.Equal("00000000000000000000000000000002", body["leader"]!.GetValue<string>());

        var election = JsonNode.Parse(await _http.GetStringAsync("/v1/election"))!;
        Assert.False(election["is_leader"]!.GetValue<bool>());
        Assert.True(election["is_stable"]!.GetValue<bool>());
        Assert.Equal(4, election["epoch"]!.GetValue<long>());
        Assert.Equal("127.0.0.2:8379", election["leader_addr"]!.GetValue<string>());
    }

    [Fact]
    public async Task Action_RegistersWithSecondBasedIds_ShowsPending_429AfterAThousandInOneSecond()
    {
        using var first = await Post("/v1/action", """{"button":{"action":"scale"}}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var id = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["registered"]!.GetValue<long>();
        Assert.Equal(1_700_000_000_000, id);

        var pending = JsonNode.Parse(await _http.GetStringAsync("/v1/pending_actions"))!;
        Assert.Equal("scale", pending[id.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["button"]!["action"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(await _http.GetStringAsync($"/v1/action_is_pending/{id}"))!["pending"]!.GetValue<bool>());
        Assert.False(JsonNode.Parse(await _http.GetStringAsync("/v1/action_is_pending/42"))!["pending"]!.GetValue<bool>());
        using var notNumber = await _http.GetAsync("/v1/action_is_pending/abc");
        Assert.Equal(HttpStatusCode.NotFound, notNumber.StatusCode);

        for (var i = 1; i < ActionQueue.PerSecond; i++)
        {
            Assert.NotNull(_actions.Register("{}"u8.ToArray()));
        }

        using var limited = await Post("/v1/action", "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        _time.Advance(TimeSpan.FromSeconds(1));
        using var next = await Post("/v1/action", "{}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1_700_000_001_000, JsonNode.Parse(await next.Content.ReadAsStringAsync())!["registered"]!.GetValue<long>());
    }

    [Fact]
    public async Task Action_BadJson_Is400()
    {
        using var response = await Post("/v1/action", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WaitAction_AnswersWithTheReply_204WithoutOne_503WhenLeadershipIsLost()
    {
        var withReply = Post("/v1/wait_action", """{"echo":1}""");
        await Eventually.WaitAsync(() => Task.FromResult(_actions.Snapshot().Count == 1), TimeSpan.FromSeconds(10), "the action to be registered");
        var id = _actions.Snapshot()[0].Key;
        _actions.Complete([id], new Dictionary<long, byte[]> { [id] = """{"ok":true}"""u8.ToArray() });
        using (var response = await withReply)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        }

        var without = Post("/v1/wait_action", "{}");
        await Eventually.WaitAsync(() => Task.FromResult(_actions.Snapshot().Count == 1), TimeSpan.FromSeconds(10), "the second action");
        _actions.Complete([_actions.Snapshot()[0].Key], new Dictionary<long, byte[]>());
        using (var response = await without)
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var lost = Post("/v1/wait_action", "{}");
        await Eventually.WaitAsync(() => Task.FromResult(_actions.Snapshot().Count == 1), TimeSpan.FromSeconds(10), "the third action");
        _actions.DropAll();
        using (var response = await lost)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }

    private Task<HttpResponseMessage> Post(string path, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _http.PostAsync(path, content);
    }

    private sealed class FakeView : ILeadershipView
    {
        public LeadershipLease Current { get; set; } = new(true, 3);
    }
}
