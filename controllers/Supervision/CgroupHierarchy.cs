using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// One cgroup hierarchy the supervisor places instances in: a v1 hierarchy (<c>memory</c>,
/// <c>name=systemd</c>, …) or the v2 unified one. <see cref="SliceDir"/> is the folder of
/// <c>cgroup-name</c> in it; <see cref="Controllers"/> are the controllers whose limits can be
/// written there (for v2, those the root offers to its children).
/// </summary>
internal sealed record CgroupHierarchy(string Label, string SliceDir, ImmutableArray<string> Controllers)
{
    public bool Has(string controller) => Controllers.Contains(controller, StringComparer.Ordinal);

    public string ScopeDir(InstanceKey key) => Path.Combine(SliceDir, CgroupNames.Scope(key));

    public bool Equals(CgroupHierarchy? other) =>
        other is not null && Label == other.Label && SliceDir == other.SliceDir && Controllers.SequenceEqual(other.Controllers);

    public override int GetHashCode() => HashCode.Combine(Label, SliceDir);
}
