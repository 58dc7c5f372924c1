using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.Endpoints;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Cluster;

/// <summary><c>/v1/leader-redirect-by-node-name</c> on Kestrel with a manual clock.</summary>
public sealed class LeaderRedirectTests : IAsyncLifetime, IDisposable
{
    private const string LeaderId = "00000000000000000000000000000002";
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotPublisher<LeadershipState> _leadership = new();
    private readonly SnapshotPublisher<PeerSet> _peers = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(_leadership);
        builder.Services.AddSingleton(_peers);
        builder.Services.AddSingleton(new NodeIdentity("00000000000000000000000000000001", "alpha", "alpha.test"));
        _app = builder.Build();
        _app.MapLeaderEndpoints();
        await _app.StartAsync();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = LoopbackServer.Address(_app), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _http?.Dispose();

    [Fact]
    public async Task Redirect_KnownLeader_308ToItsNameAndPortKeepingThePath()
    {
        _peers.Publish(new PeerSet(1, "00000000000000000000000000000001",
        [
            new PeerMember(LeaderId, "127.0.0.2:9000", "beta", "beta.test", MemberState.Alive, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null, null, 0, 0, 0),
        ]));
        _leadership.Publish(Follower());

        using var response = await _http.GetAsync("/v1/leader-redirect-by-node-name/v1/status");
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("http://beta.test:9000/v1/status", response.Headers.Location!.ToString());
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_LeaderAppearsWhileWaiting_RedirectsThen()
    {
        var request = _http.GetAsync("/v1/leader-redirect-by-node-name/");
        await AdvanceUntil(request, TimeSpan.FromSeconds(3));
        Assert.False(request.IsCompleted);
        _leadership.Publish(Follower());
        await AdvanceUntil(request, TimeSpan.FromSeconds(2));
        using var response = await request;
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("http://127.0.0.2:9000/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Redirect_NoLeaderFor65Seconds_Is404()
    {
        var request = _http.GetAsync("/v1/leader-redirect-by-node-name");
        await AdvanceUntil(request, TimeSpan.FromSeconds(70));
        using var response = await request;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No leader found in 65 seconds", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Moves the manual clock a second at a time (waiting for the handler's timer each time) until the request ends or the budget is spent.</summary>
    private async Task AdvanceUntil(Task request, TimeSpan budget)
    {
        for (var spent = TimeSpan.Zero; spent < budget && !request.IsCompleted; spent += TimeSpan.FromSeconds(1))
        {
            await Eventually.WaitAsync(() => Task.FromResult(_time.ActiveTimers > 0 || request.IsCompleted), TimeSpan.FromSeconds(10), "the handler to wait");
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private LeadershipState Follower() => new()
    {
        Phase = ElectionPhase.Follower,
        Epoch = 3,
        LeaderId = LeaderId,
        LeaderAddress = "127.0.0.2:9000",
        Since = _time.GetUtcNow(),
        Deadline = _time.GetUtcNow(),
    };
}
