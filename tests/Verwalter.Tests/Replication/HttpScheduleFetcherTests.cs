using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Verwalter.Api.Endpoints;
using Verwalter.Reconciliation;
using Verwalter.Replication;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Replication;

/// <summary>The HTTP fetcher against the daemon's real schedule routes on 127.0.0.1.</summary>
public sealed class HttpScheduleFetcherTests : IAsyncLifetime
{
    private readonly SnapshotPublisher<ScheduleState> _state = new();
    private readonly RecentSchedules _recent = new();
    private WebApplication _app = null!;
    private string _address = null!;

    public async Task InitializeAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddSingleton(_state);
        builder.Services.AddSingleton(_recent);
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.MapScheduleEndpoints();
        _app.MapLeaderParentEndpoints();
        await _app.StartAsync();
        _address = LoopbackServer.Address(_app).Authority;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Fetch_CurrentAndByHash_NullWhenMissing()
    {
        using var fetcher = Fetcher();
        Assert.Null(await fetcher.FetchAsync(_address, null, CancellationToken.None));

        var old = Schedule.Create(1, "00000000000000000000000000000001", 2, "{\"side\":\"a\"}"u8.ToArray());
        var current = Schedule.Create(2, "00000000000000000000000000000002", 3, "{\"side\":\"b\"}"u8.ToArray());
        _recent.Remember(old);
        _state.Publish(new ScheduleState(current, null));

        Assert.Equal(current.Hash, Schedule.Parse((await fetcher.FetchAsync(_address, null, CancellationToken.None))!).Hash);
        Assert.Equal(old.Hash, Schedule.Parse((await fetcher.FetchAsync(_address, old.Hash, CancellationToken.None))!).Hash);
        Assert.Equal(current.Hash, Schedule.Parse((await fetcher.FetchAsync(_address, current.Hash, CancellationToken.None))!).Hash);
        Assert.Null(await fetcher.FetchAsync(_address, new string('0', 40), CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_DeadPeer_FailsAfterRetries_ThenTheCircuitOpens()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var fetcher = Fetcher();
        var dead = $"127.0.0.1:{port}";
        var first = await Assert.ThrowsAsync<ScheduleFetchException>(() => fetcher.FetchAsync(dead, null, CancellationToken.None));
        Assert.Contains(dead, first.Message, StringComparison.Ordinal);
        var second = await Assert.ThrowsAsync<ScheduleFetchException>(() => fetcher.FetchAsync(dead, null, CancellationToken.None));
        Assert.Contains("circuit", second.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static HttpScheduleFetcher Fetcher() => new(
        Options.Create(new ReplicationOptions { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2, AttemptTimeout = TimeSpan.FromSeconds(2) }),
        TimeProvider.System);
}
