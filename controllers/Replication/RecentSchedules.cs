using Verwalter.Scheduling;

namespace Verwalter.Replication;

/// <summary>
/// The last few schedules this node held before a replicated one replaced them, by hash. A new
/// leader asks for a peer's reported schedule by hash (<c>/v1/schedule/{hash}</c>), so a peer that
/// has already moved on to the leader's schedule (a healed partition's old leader) can still hand
/// over its side's schedule as a parent.
/// </summary>
internal sealed class RecentSchedules
{
    public const int Capacity = 8;

    private readonly Lock _lock = new();
    private readonly LinkedList<Schedule> _items = new();

    public void Remember(Schedule? schedule)
    {
        if (schedule is null)
        {
            return;
        }

        lock (_lock)
        {
            for (var node = _items.First; node is not null; node = node.Next)
            {
                if (node.Value.Hash == schedule.Hash)
                {
                    _items.Remove(node);
                    break;
                }
            }

            _items.AddFirst(schedule);
            while (_items.Count > Capacity)
            {
                _items.RemoveLast();
            }
        }
    }

    /// <summary>The current schedule if it has <paramref name="hash"/>, else a remembered one, else null.</summary>
    public Schedule? Find(string hash, Schedule? current)
    {
        if (current?.Hash == hash)
        {
            return current;
        }

        lock (_lock)
        {
            return _items.FirstOrDefault(s => s.Hash == hash);
        }
    }
}
