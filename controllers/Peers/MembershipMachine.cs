using System.Collections.Immutable;
using Verwalter.Reconciliation;

namespace Verwalter.Peers;

/// <summary>
/// SWIM-style gossip membership (Das, Gupta, Motivala, "SWIM", DSN 2002, with the suspicion and
/// incarnation rules as in hashicorp/memberlist) as a pure machine: no sockets, no clock, no
/// threads. Inputs are <see cref="Tick"/>, <see cref="Receive"/> and <see cref="AddSeed"/>, each
/// with <c>now</c>; each returns the datagrams to send, membership changes and the next wake-up.
/// Not thread-safe: the shell owns one instance and calls it from one loop.
/// </summary>
internal sealed partial class MembershipMachine
{
    private readonly PeersOptions _options;
    private readonly IRandomSource _random;
    private readonly Dictionary<string, MemberRecord> _members = new(StringComparer.Ordinal);
    private readonly BroadcastQueue _broadcasts = new();
    private readonly Dictionary<uint, (string RequesterAddress, uint RequesterSequence, DateTimeOffset Expires)> _relays = [];
    private readonly Dictionary<string, SeedState> _seeds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _heardFrom = new(StringComparer.Ordinal);
    private readonly List<string> _probeOrder = [];
    private readonly List<OutgoingMessage> _out = [];
    private readonly List<MembershipChange> _changes = [];
    private MemberUpdate _self;
    private Probe? _probe;
    private int _probeIndex;
    private uint _sequence;
    private long _periods;
    private long _version;
    private DateTimeOffset _nextPeriod;
    private DateTimeOffset _nextPushPull;

    public MembershipMachine(MemberUpdate self, PeersOptions options, IRandomSource random, DateTimeOffset now)
    {
        _self = self with { State = MemberState.Alive };
        _options = options;
        _random = random;
        _nextPeriod = now + options.ProtocolPeriod * random.NextDouble();
        _nextPushPull = now + options.PushPullInterval * (0.5 + random.NextDouble());
    }

    public MemberUpdate Self => _self;

    /// <summary>Members that are not dead, plus this node: the N of the SWIM formulas.</summary>
    public int LiveCount => LiveCountFast;

    /// <summary>Protocol periods started so far (one direct probe each).</summary>
    public long Periods => _periods;

    /// <summary>Contacts a node known only by address (<c>--join</c>, <c>/add_host.json</c>) by a full-state sync, retried with backoff until it answers.</summary>
    public MembershipStep AddSeed(DateTimeOffset now, string address)
    {
        if (address != _self.Address && !_heardFrom.Contains(address) && !_seeds.ContainsKey(address))
        {
            _seeds[address] = new SeedState(1, now + SeedDelay(TimeSpan.FromMilliseconds(100)), TimeSpan.FromMilliseconds(100));
            SendSync(address, MessageKind.SyncRequest);
        }

        return Finish(now);
    }

    public MembershipStep Tick(DateTimeOffset now)
    {
        if (now >= _nextPeriod)
        {
            EndProbe(now);
            _periods++;
            StartProbe(now);
            if (_deadCount > 0 && _periods % _options.ReconnectEveryPeriods == 0)
            {
                PingRandomDead(now);
            }

            _nextPeriod = _nextPeriod + _options.ProtocolPeriod > now ? _nextPeriod + _options.ProtocolPeriod : now + _options.ProtocolPeriod;
        }

        if (_probe is { Acked: false, IndirectSent: false } probe && now >= probe.SentAt + _options.AckTimeout)
        {
            SendIndirect(probe);
        }

        if (now >= _nextPushPull)
        {
            _nextPushPull = now + _options.PushPullInterval * (0.5 + _random.NextDouble());
            CollectGarbage(now);
            var live = _members.Values.Where(m => m.State == MemberState.Alive).ToList();
            if (live.Count > 0)
            {
                SendSync(live[Pick(live.Count)].Update.Address, MessageKind.SyncRequest);
            }
        }

        ExpireSuspicions(now);
        RetrySeeds(now);
        foreach (var seq in _relays.Where(r => r.Value.Expires <= now).Select(r => r.Key).ToList())
        {
            _relays.Remove(seq);
        }

        return Finish(now);
    }

    public MembershipStep Receive(DateTimeOffset now, string from, GossipMessage message)
    {
        if (message.Sender.Id == _self.Id)
        {
            return Finish(now);
        }

        _heardFrom.Add(from);
        _heardFrom.Add(message.Sender.Address);
        _seeds.Remove(from);
        _seeds.Remove(message.Sender.Address);
        var sender = ApplyDirect(now, message.Sender);
        foreach (var update in message.Updates)
        {
            Apply(now, update);
        }

        switch (message.Kind)
        {
            case MessageKind.Ping:
                sender.PingsReceived++;
                Send(from, MessageKind.Ack, message.Sequence, null, ViewOf(sender));
                break;
            case MessageKind.Ack:
                sender.AcksReceived++;
                OnAck(now, sender, message.Sequence);
                break;
            case MessageKind.PingReq when message.Target is not null:
                var seq = ++_sequence;
                _relays[seq] = (from, message.Sequence, now + _options.ProtocolPeriod);
                Send(message.Target.Address, MessageKind.Ping, seq, null, null);
                break;
            case MessageKind.SyncRequest when message.Sequence == 0:
                SendSync(from, MessageKind.SyncReply);
                break;
            default:
                break;
        }

        return Finish(now);
    }

    /// <summary>An immutable view of every member but this node, ordered by id.</summary>
    public PeerSet Snapshot() =>
        new(_version, _self.Id, [.. _members.Values.OrderBy(m => m.Update.Id, StringComparer.Ordinal).Select(m => m.ToSnapshot())]);

    private void StartProbe(DateTimeOffset now)
    {
        for (var tries = 0; tries < _probeOrder.Count + 1; tries++)
        {
            if (_probeIndex >= _probeOrder.Count)
            {
                Reshuffle();
                if (_probeOrder.Count == 0)
                {
                    return;
                }
            }

            var id = _probeOrder[_probeIndex++];
            if (_members.TryGetValue(id, out var member) && member.State != MemberState.Dead)
            {
                var seq = ++_sequence;
                _probe = new Probe(seq, id, now);
                member.ProbesSent++;
                member.LastProbeAt = now;
                Send(member.Update.Address, MessageKind.Ping, seq, null, ViewOf(member));
                return;
            }
        }
    }

    private void EndProbe(DateTimeOffset now)
    {
        if (_probe is { Acked: false } probe && _members.TryGetValue(probe.TargetId, out var member)
            && member.State == MemberState.Alive)
        {
            Apply(now, member.Update with { State = MemberState.Suspect });
        }

        _probe = null;
    }

    private void SendIndirect(Probe probe)
    {
        probe.IndirectSent = true;
        if (!_members.TryGetValue(probe.TargetId, out var target))
        {
            return;
        }

        var helpers = _members.Values
            .Where(m => m.State == MemberState.Alive && m.Update.Id != probe.TargetId)
            .ToList();
        for (var i = 0; i < _options.IndirectChecks && helpers.Count > 0; i++)
        {
            var index = Pick(helpers.Count);
            Send(helpers[index].Update.Address, MessageKind.PingReq, probe.Sequence, target.Update, null);
            helpers.RemoveAt(index);
        }
    }

    private void OnAck(DateTimeOffset now, MemberRecord sender, uint sequence)
    {
        if (_probe is not null && _probe.Sequence == sequence)
        {
            _probe.Acked = true;
            if (sender.Update.Id == _probe.TargetId)
            {
                sender.Rtt = now - _probe.SentAt;
                sender.RttMeasuredAt = now;
            }
        }
        else if (_relays.Remove(sequence, out var relay))
        {
            Send(relay.RequesterAddress, MessageKind.Ack, relay.RequesterSequence, null, null);
        }
    }

    private void PingRandomDead(DateTimeOffset now)
    {
        var dead = _members.Values.Where(m => m.State == MemberState.Dead).ToList();
        if (dead.Count > 0)
        {
            var member = dead[Pick(dead.Count)];
            member.LastProbeAt = now;
            member.ProbesSent++;
            Send(member.Update.Address, MessageKind.Ping, ++_sequence, null, ViewOf(member));
        }
    }

    private void RetrySeeds(DateTimeOffset now)
    {
        foreach (var (address, seed) in _seeds.Where(s => s.Value.NextAt <= now).ToList())
        {
            if (seed.Attempts >= SeedAttempts)
            {
                _seeds.Remove(address);
                continue;
            }

            var delay = SeedDelay(seed.Delay * 2);
            _seeds[address] = new SeedState(seed.Attempts + 1, now + delay, delay);
            SendSync(address, MessageKind.SyncRequest);
        }
    }

    private TimeSpan SeedDelay(TimeSpan baseDelay)
    {
        var delay = baseDelay * (0.5 + _random.NextDouble());
        return delay > MaxSeedDelay ? MaxSeedDelay : delay;
    }

    private void Reshuffle()
    {
        _probeOrder.Clear();
        _probeOrder.AddRange(_members.Where(m => m.Value.State != MemberState.Dead).Select(m => m.Key));
        for (var i = _probeOrder.Count - 1; i > 0; i--)
        {
            var j = Pick(i + 1);
            (_probeOrder[i], _probeOrder[j]) = (_probeOrder[j], _probeOrder[i]);
        }

        _probeIndex = 0;
    }

    private int Pick(int count) => Math.Min(count - 1, (int)(_random.NextDouble() * count));

    private sealed class Probe(uint sequence, string targetId, DateTimeOffset sentAt)
    {
        public uint Sequence { get; } = sequence;

        public string TargetId { get; } = targetId;

        public DateTimeOffset SentAt { get; } = sentAt;

        public bool Acked { get; set; }

        public bool IndirectSent { get; set; }
    }

    private sealed record SeedState(int Attempts, DateTimeOffset NextAt, TimeSpan Delay);
}
