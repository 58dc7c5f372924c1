using Verwalter.Peers;

namespace Verwalter.Tests.Gossip;

/// <summary>One simulated node: its machine, and the view of the others built from its reported changes.</summary>
internal sealed class SimNode(int index, MembershipMachine machine, int clusterSize)
{
    private readonly Dictionary<string, MemberState> _view = new(clusterSize, StringComparer.Ordinal);

    public int Index { get; } = index;

    public MembershipMachine Machine { get; } = machine;

    public string Id => Machine.Self.Id;

    public string Address => Machine.Self.Address;

    public bool Killed { get; set; }

    public DateTimeOffset NextWakeUp { get; set; }

    public int AliveCount { get; private set; }

    public Dictionary<string, DateTimeOffset> DeadAt { get; } = new(StringComparer.Ordinal);

    public MemberState? StateOf(string id) => _view.TryGetValue(id, out var state) ? state : null;

    public void Observe(MembershipChange change)
    {
        var wasAlive = _view.TryGetValue(change.Member.Id, out var old) && old == MemberState.Alive;
        _view[change.Member.Id] = change.Member.State;
        var isAlive = change.Member.State == MemberState.Alive;
        AliveCount += (isAlive ? 1 : 0) - (wasAlive ? 1 : 0);
        if (change.Member.State == MemberState.Dead)
        {
            DeadAt.TryAdd(change.Member.Id, change.At);
        }
    }
}
