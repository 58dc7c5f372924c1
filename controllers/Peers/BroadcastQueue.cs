using System.Collections.Immutable;

namespace Verwalter.Peers;

/// <summary>
/// Updates waiting to be piggybacked, at most one per member (a newer claim replaces an older
/// one). Urgent updates (suspect, dead, refutations, revivals) go before joins, then least-sent
/// first and newest first, each dropped after the retransmit limit, as in SWIM's infection-style
/// dissemination (and hashicorp/memberlist's TransmitLimitedQueue). Without the urgent class a
/// burst of joins would starve a death notice behind a thousand fresher "joined" entries.
/// </summary>
internal sealed class BroadcastQueue
{
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<Entry> _ordered = new(EntryComparer.Instance);
    private long _order;

    public int Count => _byId.Count;

    public void Enqueue(MemberUpdate update, bool urgent)
    {
        if (_byId.Remove(update.Id, out var old))
        {
            _ordered.Remove(old);
        }

        var entry = new Entry(update, urgent ? 0 : 1, 0, -++_order);
        _byId[update.Id] = entry;
        _ordered.Add(entry);
    }

    /// <summary>Takes updates that fit into <paramref name="budget"/> bytes, <paramref name="first"/> always first.</summary>
    public ImmutableArray<MemberUpdate> Take(int budget, int limit, MemberUpdate? first)
    {
        var result = ImmutableArray.CreateBuilder<MemberUpdate>();
        if (first is not null)
        {
            result.Add(first);
            budget -= GossipCodec.SizeOf(first);
        }

        var taken = new List<Entry>();
        foreach (var entry in _ordered)
        {
            var size = GossipCodec.SizeOf(entry.Update);
            if (size > budget)
            {
                break;
            }

            if (first is not null && entry.Update.Id == first.Id)
            {
                continue;
            }

            budget -= size;
            result.Add(entry.Update);
            taken.Add(entry);
        }

        foreach (var entry in taken)
        {
            _ordered.Remove(entry);
            _byId.Remove(entry.Update.Id);
            if (entry.Transmits + 1 < limit)
            {
                var next = entry with { Transmits = entry.Transmits + 1 };
                _byId[entry.Update.Id] = next;
                _ordered.Add(next);
            }
        }

        return result.ToImmutable();
    }

    private sealed record Entry(MemberUpdate Update, int Class, int Transmits, long Order);

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            if (x is null || y is null)
            {
                return (x is null).CompareTo(y is null);
            }

            var byClass = x.Class.CompareTo(y.Class);
            if (byClass != 0)
            {
                return byClass;
            }

            var byTransmits = x.Transmits.CompareTo(y.Transmits);
            return byTransmits != 0 ? byTransmits : x.Order.CompareTo(y.Order);
        }
    }
}
