using Verwalter.Reconciliation;

namespace Verwalter.Hosting;

/// <summary>The loops this process runs, for status and readiness.</summary>
public sealed class ControllerRegistry(IEnumerable<ControllerHost<string>> hosts)
{
    public IReadOnlyList<ControllerHost<string>> Hosts { get; } = [.. hosts];

    public IEnumerable<ControllerCondition> Conditions => Hosts.Select(h => h.Status.Current);
}
