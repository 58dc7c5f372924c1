using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verwalter.Model;
using Verwalter.Reconciliation;

namespace Verwalter.Peers;

/// <summary>
/// Peers from an external cantal agent (<c>--cantal-url</c>): <c>GET /all_peers.json</c> once a
/// second, as verwalter did. A failed poll keeps the last list and is counted; <c>add_host</c> is
/// forwarded to cantal's own <c>/add_host.json</c>.
/// </summary>
internal sealed partial class CantalPeerSource(
    PeerSourceSettings settings,
    NodeIdentity node,
    SnapshotPublisher<PeerSet> peers,
    PeersMetrics metrics,
    TimeProvider time,
    ILogger<CantalPeerSource> logger) : BackgroundService, IPeerSource, IControllerLoop
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly Uri _baseUrl = settings.CantalUrl ?? throw new ArgumentException("no cantal URL", nameof(settings));
    private long _version;
    private bool _failing;

    public string Kind => "cantal";

    public string Name => GossipPeerSource.LoopName;

    /// <summary>A good poll is a success; a failed one an error, retried at the next poll.</summary>
    public ControllerStatus Status { get; } = new(GossipPeerSource.LoopName);

    public int? QueueDepth => null;

    public async ValueTask<string?> AddHostAsync(IPEndPoint address, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["addr"] = address.ToString() }, PeerSourceJsonContext.Default.DictionaryStringString), System.Text.Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.PostAsync(new Uri(_baseUrl, "add_host.json"), content, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"cantal answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"cantal at {_baseUrl} is unreachable: {ex.Message}";
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        peers.Publish(PeerSet.Empty(node.Id));
        var current = ImmutableArray<PeerMember>.Empty;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var body = await _http.GetByteArrayAsync(new Uri(_baseUrl, "all_peers.json"), stoppingToken);
                var members = ExternalPeerParser.FromCantal(body, node.Id, settings.DaemonPort, time.GetUtcNow());
                if (!members.Select(m => (m.Id, m.State, m.Address)).SequenceEqual(current.Select(m => (m.Id, m.State, m.Address))))
                {
                    _version++;
                }

                current = members;
                peers.Publish(new PeerSet(_version, node.Id, members));
                Status.RecordSuccess(time.GetUtcNow());
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(_baseUrl);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                metrics.SourceError();
                var now = time.GetUtcNow();
                Status.RecordFailure(now, ex.Message, now + PollInterval);
                if (!_failing)
                {
                    _failing = true;
                    LogPollFailed(ex, _baseUrl);
                }
            }

            await Task.Delay(PollInterval, time, stoppingToken);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 2630, Level = LogLevel.Warning, Message = "Polling cantal at {Url} failed; keeping the last peer list")]
    private partial void LogPollFailed(Exception exception, Uri url);

    [LoggerMessage(EventId = 2631, Level = LogLevel.Information, Message = "Polling cantal at {Url} works again")]
    private partial void LogRecovered(Uri url);
}
