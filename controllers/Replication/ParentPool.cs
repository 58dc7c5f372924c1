using Verwalter.Scheduling;

namespace Verwalter.Replication;

/// <summary>
/// Schedules collected from other nodes for the leader's next scheduler run, per epoch. The
/// replication loop adds them; the schedule loop reads them and reports them merged once a run
/// with them was published.
/// </summary>
internal sealed class ParentPool
{
    private readonly Lock _lock = new();
    private long _epoch = -1;
    private List<Schedule> _schedules = [];

    public void Reset(long epoch)
    {
        lock (_lock)
        {
            _epoch = epoch;
            _schedules = [];
        }
    }

    public void Add(long epoch, Schedule schedule)
    {
        lock (_lock)
        {
            if (epoch == _epoch && _schedules.TrueForAll(s => s.Hash != schedule.Hash))
            {
                _schedules = [.. _schedules, schedule];
            }
        }
    }

    public IReadOnlyList<Schedule> For(long epoch)
    {
        lock (_lock)
        {
            return epoch == _epoch ? _schedules : [];
        }
    }

    public void Merged(long epoch, IReadOnlyCollection<string> hashes)
    {
        lock (_lock)
        {
            if (epoch == _epoch)
            {
                _schedules = [.. _schedules.Where(s => !hashes.Contains(s.Hash))];
            }
        }
    }
}
