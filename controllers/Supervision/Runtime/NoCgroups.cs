using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>No cgroups: disabled (<c>cgroup-name: null</c>) or nothing usable mounted. Warns once when an instance sets limits anyway.</summary>
internal sealed partial class NoCgroups(string description, ILogger logger) : ICgroups
{
    private int _warned;

    public string Description { get; } = description;

    public ImmutableArray<string> Prepare(InstanceKey key, ContainerConfig config)
    {
        var unapplied = CgroupLimits.Unapplied([], config).ToList();
        if (unapplied.Count > 0 && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogNotApplied(key, string.Join(" and ", unapplied), Description);
        }

        return [];
    }

    public bool Remove(InstanceKey key) => true;

    public void RemoveStale(IReadOnlySet<InstanceKey> keep)
    {
    }

    [LoggerMessage(EventId = 1550, Level = LogLevel.Warning, Message = "Instance {Instance} sets {Limits}, which cannot be applied: {Cgroups} (warned once)")]
    private partial void LogNotApplied(InstanceKey instance, string limits, string cgroups);
}
