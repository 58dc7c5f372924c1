using System.Collections.Immutable;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The instances' cgroups for one <c>cgroup-name</c> / <c>cgroup-controllers</c> setting: a
/// <see cref="CgroupTree"/> (v1 or v2, by <see cref="CgroupLayout"/>) or <see cref="NoCgroups"/>.
/// A group is kept between restarts of its instance and removed when the instance is retired or
/// stopped, as lithos does (spec B.3.5, B.4.5). Errors are logged, never thrown: an instance whose
/// limits cannot be written still starts.
/// </summary>
internal interface ICgroups
{
    /// <summary>One line for the status (<c>cgroups</c> in <c>ps --json</c> and <c>/v1/status</c>).</summary>
    string Description { get; }

    /// <summary>
    /// Creates the instance's groups (or keeps them from its previous run) and writes its limits;
    /// returns the <c>cgroup.procs</c> files the process must join before it starts the sandbox.
    /// </summary>
    ImmutableArray<string> Prepare(InstanceKey key, ContainerConfig config);

    /// <summary>Removes the instance's groups; false while a group still holds processes (try again shortly).</summary>
    bool Remove(InstanceKey key);

    /// <summary>Removes the groups of instances that are neither running nor configured (spec B.3.4).</summary>
    void RemoveStale(IReadOnlySet<InstanceKey> keep);
}
