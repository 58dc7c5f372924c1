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
internal sealed partial class GossipPeerSource : BackgroundService, IPeerSource, IControllerLoop
{
    /// <summary>The peers loop's name in status, logs and metrics, whichever source runs it.</summary>
    public const string LoopName = "peers";

    /// <summary>Wait after a failed pass; doubles per further failure up to <see cref="LoopRunner.DefaultBackoffCap"/>.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(100);

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
    private readonly LoopRunner _loop;
    private long _waitingUntilTicks;
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The loop's state between passes; only the loop task touches it.
    private MembershipMachine? _machine;
    private DateTimeOffset _next;
    private long _publishedVersion = -1;
    private DateTimeOffset _publishedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _savedAt;
    private DateTimeOffset _rejoinAt;

    public GossipPeerSource(
        IClusterTransport transport,
        NodeIdentity node,
        IOptions<PeersOptions> options,
        PeerSourceSettings settings,
        SnapshotPublisher<PeerSet> peers,
        PeersMetrics metrics,
        IRandomSource random,
        TimeProvider time,
        ILogger<GossipPeerSource> logger,
        ControllerMetrics? loopMetrics = null)
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

        _loop = new LoopRunner(LoopName, BackoffBase, LoopRunner.DefaultBackoffCap, () => Pending, time, random, loopMetrics, logger);
        _peers.Publish(PeerSet.Empty(node.Id));
    }

    public string Kind => "gossip";

    public string Name => _loop.Name;

    public ControllerStatus Status => _loop.Status;

    /// <summary>Datagrams and seeds waiting for the loop.</summary>
    public int? QueueDepth => _loop.QueueDepth;

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

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        _machine = new MembershipMachine(Self(), _options, _random, now);
        _next = now;
        _savedAt = now;
        _rejoinAt = now + RejoinInterval;
        LogStarted(_machine.Self.Address, _machine.Self.Id);
        return _loop.RunAsync(PassAsync, (wake, ct) => WaitAsync(_transport.Incoming(ClusterChannel.Gossip), wake, ct), stoppingToken);
    }

    /// <summary>One round: every datagram and seed waiting, the machine's timers, publish and save; returns when to wake at the latest.</summary>
    private async ValueTask<DateTimeOffset> PassAsync(CancellationToken stoppingToken)
    {
        var machine = _machine!;
        var incoming = _transport.Incoming(ClusterChannel.Gossip);
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

            _next = await ApplyAsync(machine.Receive(_time.GetUtcNow(), packet.From.ToString(), message), stoppingToken);
        }

        while (_seeds.Reader.TryRead(out var seed))
        {
            LogSeed(seed);
            _next = await ApplyAsync(machine.AddSeed(_time.GetUtcNow(), seed), stoppingToken);
        }

        var now = _time.GetUtcNow();
        if (now >= _rejoinAt)
        {
            _rejoinAt = now + RejoinInterval;
            if (machine.LiveCount <= 1)
            {
                foreach (var seed in _initialSeeds)
                {
                    _next = await ApplyAsync(machine.AddSeed(now, seed), stoppingToken);
                }
            }
        }

        if (now >= _next)
        {
            _next = await ApplyAsync(machine.Tick(now), stoppingToken);
        }

        var snapshot = machine.Snapshot();
        if (snapshot.Version != _publishedVersion || now - _publishedAt >= RefreshInterval)
        {
            _peers.Publish(snapshot);
            _publishedVersion = snapshot.Version;
            _publishedAt = now;
        }

        if (now - _savedAt >= SaveAddressesInterval)
        {
            _savedAt = now;
            SaveAddresses(snapshot);
        }

        return new[] { _next, _publishedAt + RefreshInterval, _rejoinAt }.Min();
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
