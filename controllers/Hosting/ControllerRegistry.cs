using Verwalter.Reconciliation;

namespace Verwalter.Hosting;

/// <summary>
/// The loops this process runs, for status, readiness and metrics: every <see cref="IControllerLoop"/>
/// registered in the container, in registration order. Optional loops (the gossip peers loop, the
/// embedded supervisor) register themselves only when they run, so they are listed only then.
/// </summary>
public sealed class ControllerRegistry(IEnumerable<IControllerLoop> loops)
{
    public IReadOnlyList<IControllerLoop> Loops { get; } = [.. loops];

    public IEnumerable<ControllerCondition> Conditions => Loops.Select(l => l.Status.Current);
}
