using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Model;
using Verwalter.Reconciliation;

namespace Verwalter.Peers;

/// <summary>
/// The gossip loop: the thin shell around <see cref="MembershipMachine"/>. It owns the machine and
/// feeds it, from one task, the gossip datagrams of <see cref="IClusterTransport"/>, seeds
/// (<c>--join</c>, <c>add_host</c>) and its timers on the injected <see cref="TimeProvider"/>; it
/// sends what the machine asks for and publishes a <see cref="PeerSet"/> when membership changes
/// and at least every <see cref="RefreshInterval"/> (for fresh report times and RTTs).
/// </summary>
internal sealed partial class GossipPeerSource : BackgroundService, IPeerSource
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SaveAddressesInterval = TimeSpan.FromSeconds(60);

    /// <summary>While the node knows no live member, its seeds are contacted again this often (the machine gives up on a seed after six tries in about 3 s).</summary>
    public static readonly TimeSpan RejoinInterval = TimeSpan.FromSeconds(10);

    private readonly IClusterTransport _transport;
    private readonly NodeIdentity _node;
    private readonly PeersOptions _options;
    private readonly SnapshotPublisher<PeerSet> _peers;
    private readonly PeersMetrics _metrics;
    private readonly IRandomSource _random;
    private readonly TimeProvider _time;
    private readonly ILogger<GossipPeerSource> _logger;
    private readonly Channel<string> _seeds = Channel.CreateBounded<string>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly PeerAddressStore? _store;
    private readonly string[] _initialSeeds;
    private long _waitingUntilTicks;
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GossipPeerSource(
        IClusterTransport transport,
        NodeIdentity node,
        IOptions<PeersOptions> options,
        PeerSourceSettings settings,
        SnapshotPublisher<PeerSet> peers,
        PeersMetrics metrics,
        IRandomSource random,
        TimeProvider time,
        ILogger<GossipPeerSource> logger)
    {
        _transport = transport;
        _node = node;
        _options = options.Value;
        _peers = peers;
        _metrics = metrics;
        _random = random;
        _time = time;
        _logger = logger;
        _store = settings.StorageDir is null ? null : new PeerAddressStore(settings.StorageDir);
        _initialSeeds = [.. settings.Join.Concat(_store?.Load() ?? []).Distinct(StringComparer.Ordinal)];
        foreach (var seed in _initialSeeds)
        {
            _seeds.Writer.TryWrite(seed);
        }

        _peers.Publish(PeerSet.Empty(node.Id));
    }

    public string Kind => "gossip";

    /// <summary>While the loop waits: the time it will wake at the latest; null while it works (tests wait for idle loops).</summary>
    internal DateTimeOffset? WaitingUntil => Interlocked.Read(ref _waitingUntilTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Completes the next time the loop starts waiting (tests step manual time from idle to idle).</summary>
    internal Task NextIdle => Volatile.Read(ref _idle).Task;

    /// <summary>Datagrams received but not yet handled.</summary>
    internal int Pending => _transport.Incoming(ClusterChannel.Gossip).Count + _seeds.Reader.Count;

    public ValueTask<string?> AddHostAsync(IPEndPoint address, CancellationToken cancellationToken)
    {
        _seeds.Writer.TryWrite(address.ToString());
        return ValueTask.FromResult<string?>(null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var incoming = _transport.Incoming(ClusterChannel.Gossip);
        var machine = new MembershipMachine(Self(), _options, _random, _time.GetUtcNow());
        var next = _time.GetUtcNow();
        var publishedVersion = -1L;
        var publishedAt = DateTimeOffset.MinValue;
        var savedAt = _time.GetUtcNow();
        var rejoinAt = savedAt + RejoinInterval;
        LogStarted(machine.Self.Address, machine.Self.Id);
        while (!stoppingToken.IsCancellationRequested)
        {
            while (incoming.TryRead(out var packet))
            {
                GossipMessage message;
                try
                {
                    message = GossipCodec.Decode(packet.Payload.Span);
                }
                catch (GossipDecodeException ex)
                {
                    _metrics.Invalid();
                    LogInvalid(packet.From, ex.Message);
                    continue;
                }

                next = await ApplyAsync(machine.Receive(_time.GetUtcNow(), packet.From.ToString(), message), stoppingToken);
            }

            while (_seeds.Reader.TryRead(out var seed))
            {
                LogSeed(seed);
                next = await ApplyAsync(machine.AddSeed(_time.GetUtcNow(), seed), stoppingToken);
            }

            var now = _time.GetUtcNow();
            if (now >= rejoinAt)
            {
                rejoinAt = now + RejoinInterval;
                if (machine.LiveCount <= 1)
                {
                    foreach (var seed in _initialSeeds)
                    {
                        next = await ApplyAsync(machine.AddSeed(now, seed), stoppingToken);
                    }
                }
            }

            if (now >= next)
            {
                next = await ApplyAsync(machine.Tick(now), stoppingToken);
            }

            var snapshot = machine.Snapshot();
            if (snapshot.Version != publishedVersion || now - publishedAt >= RefreshInterval)
            {
                _peers.Publish(snapshot);
                publishedVersion = snapshot.Version;
                publishedAt = now;
            }

            if (now - savedAt >= SaveAddressesInterval)
            {
                savedAt = now;
                SaveAddresses(snapshot);
            }

            var wake = new[] { next, publishedAt + RefreshInterval, rejoinAt }.Min();
            await WaitAsync(incoming, wake, stoppingToken);
        }
    }

    private async Task WaitAsync(ChannelReader<ClusterPacket> incoming, DateTimeOffset wake, CancellationToken stoppingToken)
    {
        var delay = wake - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero || incoming.Count > 0 || _seeds.Reader.Count > 0)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = Task.WhenAny(
            incoming.WaitToReadAsync(wait.Token).AsTask(),
            _seeds.Reader.WaitToReadAsync(wait.Token).AsTask(),
            Task.Delay(delay, _time, wait.Token));

        // Announce the wait only once the timer exists, so a test clock cannot move in between.
        Interlocked.Exchange(ref _waitingUntilTicks, wake.UtcTicks);
        Interlocked.Exchange(ref _idle, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        try
        {
            await woken;
        }
        finally
        {
            Interlocked.Exchange(ref _waitingUntilTicks, 0);
            await wait.CancelAsync();
        }
    }

    private async ValueTask<DateTimeOffset> ApplyAsync(MembershipStep step, CancellationToken cancellationToken)
    {
        foreach (var change in step.Changes)
        {
            LogChange(change.Member.Id, change.Member.Address, change.Kind);
        }

        foreach (var message in step.Messages)
        {
            if (IPEndPoint.TryParse(message.To, out var to))
            {
                await _transport.SendAsync(ClusterChannel.Gossip, to, GossipCodec.Encode(message.Message), cancellationToken);
            }
        }

        return step.NextWakeUp;
    }

    private void SaveAddresses(PeerSet snapshot)
    {
        if (_store is null || snapshot.Members.IsEmpty)
        {
            return;
        }

        try
        {
            _store.Save(snapshot.Members.Select(m => m.Address));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(ex, _store.Path);
        }
    }

    private MemberUpdate Self() =>
        new(_node.Id, _transport.LocalEndPoint.ToString(), Fit(_node.Hostname), Fit(_node.Name), 0, MemberState.Alive);

    private static string Fit(string value)
    {
        while (Encoding.UTF8.GetByteCount(value) > GossipCodec.MaxStringBytes)
        {
            value = value[..^1];
        }

        return value;
    }

    [LoggerMessage(EventId = 2620, Level = LogLevel.Information, Message = "Gossip started at {Address} as {Id}")]
    private partial void LogStarted(string address, string id);

    [LoggerMessage(EventId = 2621, Level = LogLevel.Information, Message = "Contacting seed {Address}")]
    private partial void LogSeed(string address);

    [LoggerMessage(EventId = 2622, Level = LogLevel.Information, Message = "Peer {Id} at {Address}: {Change}")]
    private partial void LogChange(string id, string address, MembershipChangeKind change);

    [LoggerMessage(EventId = 2624, Level = LogLevel.Warning, Message = "Could not save peer addresses to {Path}")]
    private partial void LogSaveFailed(Exception exception, string path);

    [LoggerMessage(EventId = 2623, Level = LogLevel.Debug, Message = "Invalid gossip datagram from {From}: {Reason}")]
    private partial void LogInvalid(IPEndPoint from, string reason);
}
