using System.Collections.Immutable;

namespace Verwalter.Peers;

/// <summary>The merge rules (alive / suspect / dead with incarnations), refutation and sending.</summary>
internal sealed partial class MembershipMachine
{
    private const int SeedAttempts = 6;
    private static readonly TimeSpan MaxSeedDelay = TimeSpan.FromSeconds(3600);
    private readonly HashSet<string> _suspects = new(StringComparer.Ordinal);
    private int _deadCount;

    private int LiveCountFast => 1 + _members.Count - _deadCount;

    private MemberRecord ApplyDirect(DateTimeOffset now, MemberUpdate sender)
    {
        Apply(now, sender with { State = MemberState.Alive });
        if (!_members.TryGetValue(sender.Id, out var member))
        {
            // Only possible for our own id, which Receive filters out; keep the machine total anyway.
            member = new MemberRecord(sender with { State = MemberState.Alive }, now);
        }

        member.LastReportDirect = now;
        return member;
    }

    private void Apply(DateTimeOffset now, MemberUpdate update)
    {
        if (update.Id == _self.Id)
        {
            var claimsNotAlive = update.State != MemberState.Alive && update.Incarnation >= _self.Incarnation;
            if (claimsNotAlive || update.Incarnation > _self.Incarnation)
            {
                _self = _self with { Incarnation = update.Incarnation + 1 };
                _broadcasts.Enqueue(_self, urgent: true);
            }

            return;
        }

        if (!_members.TryGetValue(update.Id, out var member))
        {
            if (update.State == MemberState.Dead)
            {
                return;
            }

            member = new MemberRecord(update with { State = MemberState.Alive }, now);
            _members[update.Id] = member;
            _broadcasts.Enqueue(member.Update, urgent: false);
            Record(MembershipChangeKind.Joined, member, now);
            return;
        }

        var known = member.Update;
        switch (update.State)
        {
            case MemberState.Alive when update.Incarnation > known.Incarnation:
                SetState(now, member, update);
                break;
            case MemberState.Suspect when known.State != MemberState.Dead
                && (update.Incarnation > known.Incarnation
                    || (update.Incarnation == known.Incarnation && known.State == MemberState.Alive)):
                SetState(now, member, known with { State = MemberState.Suspect, Incarnation = update.Incarnation });
                break;
            case MemberState.Dead when known.State != MemberState.Dead && update.Incarnation >= known.Incarnation:
                SetState(now, member, known with { State = MemberState.Dead, Incarnation = update.Incarnation });
                break;
            case MemberState.Dead when known.State == MemberState.Dead && update.Incarnation > known.Incarnation:
                member.Update = known with { Incarnation = update.Incarnation };
                break;
            default:
                break;
        }
    }

    private void SetState(DateTimeOffset now, MemberRecord member, MemberUpdate update)
    {
        var previous = member.State;
        member.Update = update;
        _broadcasts.Enqueue(update, urgent: previous != update.State || update.State != MemberState.Alive);
        if (previous == update.State)
        {
            return;
        }

        member.StateSince = now;
        _deadCount += (update.State == MemberState.Dead ? 1 : 0) - (previous == MemberState.Dead ? 1 : 0);
        if (update.State == MemberState.Suspect)
        {
            member.SuspectDeadline = now + _options.SuspicionTimeout(LiveCountFast);
            _suspects.Add(update.Id);
        }
        else
        {
            member.SuspectDeadline = null;
            _suspects.Remove(update.Id);
        }

        Record(
            update.State switch
            {
                MemberState.Alive => MembershipChangeKind.Alive,
                MemberState.Suspect => MembershipChangeKind.Suspect,
                _ => MembershipChangeKind.Dead,
            },
            member,
            now);
    }

    private void ExpireSuspicions(DateTimeOffset now)
    {
        if (_suspects.Count == 0)
        {
            return;
        }

        foreach (var id in _suspects.ToList())
        {
            var member = _members[id];
            if (member.SuspectDeadline <= now)
            {
                SetState(now, member, member.Update with { State = MemberState.Dead });
            }
        }
    }

    private void CollectGarbage(DateTimeOffset now)
    {
        foreach (var member in _members.Values.Where(m => m.State == MemberState.Dead && now - m.StateSince > _options.DeadMemberRetention).ToList())
        {
            _members.Remove(member.Update.Id);
            _deadCount--;
            _version++;
        }
    }

    private void Record(MembershipChangeKind kind, MemberRecord member, DateTimeOffset now)
    {
        _version++;
        _changes.Add(new MembershipChange(kind, member.ToSnapshot(), now));
    }

    private static MemberUpdate? ViewOf(MemberRecord member) =>
        member.State == MemberState.Alive ? null : member.Update;

    private void Send(string to, MessageKind kind, uint sequence, MemberUpdate? target, MemberUpdate? first)
    {
        var envelope = new GossipMessage(kind, sequence, _self, target, []);
        var budget = _options.MaxPacketBytes - GossipCodec.SizeOfEnvelope(envelope);
        var updates = _broadcasts.Take(budget, _options.RetransmitLimit(LiveCountFast), first);
        _out.Add(new OutgoingMessage(to, envelope with { Updates = updates }));
    }

    /// <summary>Sends every known member (and ourselves) in as many full-size datagrams as needed; sequence = chunk index, and only chunk 0 of a request is answered.</summary>
    private void SendSync(string to, MessageKind kind)
    {
        var envelope = new GossipMessage(kind, 0, _self, null, []);
        var budget = GossipCodec.MaxPacketSize - GossipCodec.SizeOfEnvelope(envelope);
        var chunk = ImmutableArray.CreateBuilder<MemberUpdate>();
        var used = 0;
        uint index = 0;
        foreach (var update in _members.Values.Select(m => m.Update))
        {
            var size = GossipCodec.SizeOf(update);
            if (used + size > budget && chunk.Count > 0)
            {
                _out.Add(new OutgoingMessage(to, envelope with { Sequence = index++, Updates = chunk.ToImmutable() }));
                chunk.Clear();
                used = 0;
            }

            chunk.Add(update);
            used += size;
        }

        _out.Add(new OutgoingMessage(to, envelope with { Sequence = index, Updates = chunk.ToImmutable() }));
    }

    private MembershipStep Finish(DateTimeOffset now)
    {
        var next = _nextPeriod < _nextPushPull ? _nextPeriod : _nextPushPull;
        if (_probe is { Acked: false, IndirectSent: false } probe && probe.SentAt + _options.AckTimeout < next)
        {
            next = probe.SentAt + _options.AckTimeout;
        }

        foreach (var id in _suspects)
        {
            if (_members[id].SuspectDeadline is { } deadline && deadline < next)
            {
                next = deadline;
            }
        }

        foreach (var seed in _seeds.Values)
        {
            if (seed.NextAt < next)
            {
                next = seed.NextAt;
            }
        }

        var step = new MembershipStep([.. _out], [.. _changes], next < now ? now : next);
        _out.Clear();
        _changes.Clear();
        return step;
    }
}
