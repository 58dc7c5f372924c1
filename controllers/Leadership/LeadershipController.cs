using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// The leadership loop: the thin shell around the pure <see cref="ElectionMachine"/>. It waits
/// until the machine's deadline (on the injected clock) or a datagram on
/// <see cref="ClusterChannel.Election"/>, feeds the machine with the membership snapshot, carries
/// out its actions (filling in schedule stamps), and publishes a <see cref="LeadershipState"/>.
/// Datagrams from senders outside the membership never reach the machine (<see cref="ElectionGate"/>).
/// </summary>
internal sealed partial class LeadershipController(
    IOptions<LeadershipOptions> options,
    NodeIdentity node,
    IClusterTransport transport,
    SnapshotPublisher<PeerSet> peers,
    SnapshotPublisher<ScheduleState> schedules,
    SnapshotPublisher<LeadershipState> published,
    LeadershipMetrics metrics,
    IRandomSource random,
    TimeProvider time,
    ILogger<LeadershipController> logger,
    NodeErrorCount? errors = null,
    ControllerMetrics? loopMetrics = null,
    PeerSourceSettings? peerSource = null) : BackgroundService, IControllerLoop
{
    /// <summary>The loop's name in status, logs and metrics.</summary>
    public const string LoopName = "leadership";

    /// <summary>Wait after a failed pass; doubles per further failure up to <see cref="LoopRunner.DefaultBackoffCap"/>.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(200);

    private readonly LoopRunner _loop = new(
        LoopName,
        BackoffBase,
        LoopRunner.DefaultBackoffCap,
        () => transport.Incoming(ClusterChannel.Election) is { CanCount: true } reader ? reader.Count : 0,
        time,
        random,
        loopMetrics,
        logger);
    private readonly ElectionMachine _machine = new(node.Id, options.Value.ToElectionOptions(), random);
    private readonly Dictionary<string, IPEndPoint> _learned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPEndPoint> _memberAddresses = new(StringComparer.Ordinal);
    private readonly List<IPEndPoint> _memberTargets = [];
    private PeerSet? _membership;
    private ElectionGate _gate = ElectionGate.Create(node.Id, [], peerSource?.Join ?? []);
    private PeerView _view = PeerView.Empty;
    private ImmutableDictionary<string, string> _addresses = ImmutableDictionary<string, string>.Empty;
    private bool _addressesDirty = true;
    private ElectionState? _state;
    private ScheduleStamp? _leaderPingStamp;
    private ImmutableHashSet<string> _answered = [];
    private ImmutableDictionary<string, int> _peerErrors = ImmutableDictionary<string, int>.Empty;
    private LeadershipState? _last;
    private ScheduleStamp? _pinged;

    public string Name => _loop.Name;

    public ControllerStatus Status => _loop.Status;

    /// <summary>Election datagrams received and not yet handled.</summary>
    public int? QueueDepth => _loop.QueueDepth;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = transport.Incoming(ClusterChannel.Election);
        var open = true;
        return _loop.RunAsync(
            async ct =>
            {
                await PumpAsync(ct).ConfigureAwait(false);
                return _state!.Deadline;
            },
            async (deadline, ct) =>
            {
                var delay = deadline - time.GetUtcNow();
                if (delay <= TimeSpan.Zero)
                {
                    return;
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var timer = Task.Delay(delay, time, wake.Token);
                var schedule = schedules.WaitForNewerAsync(schedules.Current?.Version ?? 0, wake.Token);
                if (open)
                {
                    var packet = reader.WaitToReadAsync(wake.Token).AsTask();
                    var first = await Task.WhenAny(timer, packet, schedule).ConfigureAwait(false);
                    open = first != packet || !packet.IsCompletedSuccessfully || packet.Result;
                }
                else
                {
                    await Task.WhenAny(timer, schedule).ConfigureAwait(false);
                }

                await wake.CancelAsync().ConfigureAwait(false);
            },
            stoppingToken);
    }

    /// <summary>
    /// One pass: every datagram waiting, then the timer if its deadline passed; publishes the new
    /// state if it changed. Cluster tests call this directly, in lock step with a manual clock.
    /// </summary>
    internal async ValueTask PumpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_state is null)
        {
            _state = _machine.Start(now);
            LogStarted(node.Id, _state.Deadline);
        }

        RefreshMembership();
        var view = _view;
        var reader = transport.Incoming(ClusterChannel.Election);
        while (reader.TryRead(out var datagram))
        {
            ElectionPacket packet;
            try
            {
                packet = ElectionCodec.Decode(datagram.Payload.Span);
            }
            catch (ElectionDecodeException ex)
            {
                metrics.PacketDropped(ElectionGate.Malformed);
                LogMalformed(datagram.From, ex.Message);
                continue;
            }

            var dropped = _gate.Check(packet, datagram.From, _state.Epoch);
            if (dropped is not null)
            {
                metrics.PacketDropped(dropped);
                if (ElectionGate.Blocks(dropped))
                {
                    LogDropped(packet.Sender, datagram.From, packet.Epoch, dropped);
                    continue;
                }
            }

            if (!_learned.TryGetValue(packet.Sender, out var known) || !known.Equals(datagram.From))
            {
                _learned[packet.Sender] = datagram.From;
                _addressesDirty = true;
            }

            var step = _machine.Message(_state, now, packet.Sender, packet.Epoch, packet.Message, view);
            Track(packet, step.State);
            await ApplyAsync(step, cancellationToken).ConfigureAwait(false);
        }

        if (now >= _state.Deadline)
        {
            await ApplyAsync(_machine.Tick(_state, now, view), cancellationToken).ConfigureAwait(false);
        }
        else if (_state.IsLeader && OwnedStamp() is { } owned && owned != _pinged)
        {
            // A new schedule: announce it now rather than at the next heartbeat, so followers fetch at once.
            await ApplyAsync(new ElectionStep(_state, [new BroadcastAction(_state.Epoch, new PingMessage())]), cancellationToken).ConfigureAwait(false);
        }

        Publish(now);
    }

    private void Track(ElectionPacket packet, ElectionState next)
    {
        if (packet.Message is PingMessage ping && next.Phase == ElectionPhase.Follower && next.Leader == packet.Sender)
        {
            _leaderPingStamp = ping.Schedule;
        }
        else if (packet.Message is PongMessage pong && next.IsLeader && next.Epoch == packet.Epoch)
        {
            _answered = _answered.Add(packet.Sender);
            _peerErrors = _peerErrors.SetItem(packet.Sender, pong.Errors);
        }
    }

    private async ValueTask ApplyAsync(ElectionStep step, CancellationToken cancellationToken)
    {
        var previous = _state!;
        _state = step.State;
        if (previous.Epoch != _state.Epoch || previous.Leader != _state.Leader || previous.Phase != _state.Phase)
        {
            if (!_state.IsLeader || previous.Epoch != _state.Epoch)
            {
                _answered = [];
                _peerErrors = ImmutableDictionary<string, int>.Empty;
            }

            if (_state.Phase != ElectionPhase.Follower || previous.Leader != _state.Leader || previous.Epoch != _state.Epoch)
            {
                _leaderPingStamp = null;
            }
        }

        foreach (var action in step.Actions)
        {
            switch (action)
            {
                case BroadcastAction broadcast:
                    var payload = ElectionCodec.Encode(node.Id, broadcast.Epoch, WithStamp(broadcast.Message));
                    foreach (var target in BroadcastTargets())
                    {
                        await transport.SendAsync(ClusterChannel.Election, target, payload, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case SendAction send:
                    if (AddressOf(send.To) is { } to)
                    {
                        var bytes = ElectionCodec.Encode(node.Id, send.Epoch, WithStamp(send.Message));
                        await transport.SendAsync(ClusterChannel.Election, to, bytes, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case BecameLeader leader:
                    metrics.Transition("became_leader");
                    LogBecameLeader(leader.Epoch);
                    break;
                case BecameFollower follower:
                    metrics.Transition("became_follower");
                    LogBecameFollower(follower.Leader, follower.Epoch);
                    break;
                case LostLeadership lost:
                    metrics.Transition("lost_leadership");
                    LogLostLeadership(lost.Epoch);
                    break;
                case PeerStampChanged changed:
                    LogPeerStamp(changed.Peer, changed.Stamp.Hash, changed.Stamp.Epoch);
                    break;
            }
        }
    }

    /// <summary>Ping carries the schedule this leader made in its epoch; everything else the node's last known one.</summary>
    private ElectionMessage WithStamp(ElectionMessage message)
    {
        var current = schedules.Current?.Value.Current?.Stamp;
        if (message is PingMessage)
        {
            _pinged = OwnedStamp();
            return new PingMessage(_pinged);
        }

        return message switch
        {
            PongMessage pong => pong with { Schedule = current, Errors = errors?.Current ?? 0 },
            VoteMessage vote => vote with { Schedule = current },
            PreVoteMessage => new PreVoteMessage(current),
            PreVoteGrantMessage => new PreVoteGrantMessage(current),
            _ => message,
        };
    }

    /// <summary>The schedule this node made as leader in the current epoch, if any.</summary>
    private ScheduleStamp? OwnedStamp() =>
        schedules.Current?.Value.Current?.Stamp is { } stamp && stamp.Origin == node.Id && _state is { IsLeader: true } state && stamp.Epoch == state.Epoch
            ? stamp
            : null;

    /// <summary>Rebuilds the peer view and address book when the peers loop published a new membership.</summary>
    private void RefreshMembership()
    {
        var set = peers.Current?.Value;
        if (ReferenceEquals(set, _membership))
        {
            return;
        }

        _membership = set;
        _memberAddresses.Clear();
        _memberTargets.Clear();
        var electionPeers = new List<ElectionPeer>();
        foreach (var member in set?.Members ?? [])
        {
            if (member.Id == node.Id)
            {
                continue;
            }

            electionPeers.Add(new ElectionPeer(member.Id, member.LastReportDirect));
            if (IPEndPoint.TryParse(member.Address, out var endpoint) && _memberAddresses.TryAdd(member.Id, endpoint))
            {
                _memberTargets.Add(endpoint);
            }
        }

        _view = new PeerView(electionPeers);
        _gate = ElectionGate.Create(node.Id, electionPeers.Select(p => p.Id), peerSource?.Join ?? []);
        _addressesDirty = true;
    }

    private IEnumerable<IPEndPoint> BroadcastTargets()
    {
        foreach (var target in _memberTargets)
        {
            yield return target;
        }

        foreach (var (id, address) in _learned)
        {
            if (!_memberAddresses.ContainsKey(id))
            {
                yield return address;
            }
        }
    }

    private IPEndPoint? AddressOf(string id) =>
        _memberAddresses.TryGetValue(id, out var address) ? address : _learned.GetValueOrDefault(id);

    private void Publish(DateTimeOffset now)
    {
        var state = _state!;
        var previous = _last;
        var changed = previous is null || previous.Phase != state.Phase || previous.Epoch != state.Epoch || previous.LeaderId != state.Leader;
        if (_addressesDirty)
        {
            var addresses = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (id, endpoint) in _learned)
            {
                addresses[id] = endpoint.ToString();
            }

            foreach (var (id, endpoint) in _memberAddresses)
            {
                addresses[id] = endpoint.ToString();
            }

            _addresses = addresses.ToImmutable();
            _addressesDirty = false;
        }

        var next = new LeadershipState
        {
            Phase = state.Phase,
            Epoch = state.Epoch,
            LeaderId = state.Leader,
            LeaderAddress = state.Leader is { } leader && leader != node.Id && _addresses.TryGetValue(leader, out var leaderAddress) ? leaderAddress : null,
            Since = changed ? now : previous!.Since,
            Deadline = state.Deadline,
            LeaderStamp = _leaderPingStamp,
            PeerStamps = state.PeerStamps,
            Answered = _answered,
            PeerErrors = _peerErrors,
            PeerAddresses = _addresses,
            VotesForMe = state.Phase is ElectionPhase.Electing or ElectionPhase.PreVoting ? state.Votes.Count : 0,
            NeededVotes = state.NeededVotes,
            Promoting = state.VotedFor,
            LastStableAt = previous is null ? null
                : previous.IsStable && changed ? now
                : previous.LastStableAt,
        };
        if (previous is not null && SameSnapshot(previous, next))
        {
            return;
        }

        _last = next;
        metrics.Observe(next);
        published.Publish(next);
    }

    private static bool SameSnapshot(LeadershipState a, LeadershipState b) =>
        a.Phase == b.Phase && a.Epoch == b.Epoch && a.LeaderId == b.LeaderId && a.LeaderAddress == b.LeaderAddress
        && a.Deadline == b.Deadline && a.LeaderStamp == b.LeaderStamp && ReferenceEquals(a.PeerStamps, b.PeerStamps)
        && ReferenceEquals(a.Answered, b.Answered) && ReferenceEquals(a.PeerErrors, b.PeerErrors) && ReferenceEquals(a.PeerAddresses, b.PeerAddresses)
        && a.VotesForMe == b.VotesForMe && a.NeededVotes == b.NeededVotes && a.Promoting == b.Promoting;

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Election started for node {NodeId}; first deadline {Deadline:o}")]
    private partial void LogStarted(string nodeId, DateTimeOffset deadline);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Became leader in epoch {Epoch}")]
    private partial void LogBecameLeader(long epoch);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Following {Leader} in epoch {Epoch}")]
    private partial void LogBecameFollower(string leader, long epoch);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Lost leadership of epoch {Epoch}")]
    private partial void LogLostLeadership(long epoch);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Peer {Peer} reports schedule {Hash} (epoch {Epoch})")]
    private partial void LogPeerStamp(string peer, string hash, long epoch);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Dropped a malformed election datagram from {From}: {Reason}")]
    private partial void LogMalformed(IPEndPoint from, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Dropped an election datagram from {Sender} at {From} (epoch {Epoch}): {Reason}")]
    private partial void LogDropped(string sender, IPEndPoint from, long epoch, string reason);
}
