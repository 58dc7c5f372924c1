using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>One line of <c>/proc/PID/cgroup</c>.</summary>
internal sealed record ProcCgroupLine(int Id, ImmutableArray<string> Controllers, string Path)
{
    /// <summary>The name of a named hierarchy (<c>name=systemd</c> → <c>systemd</c>), or null.</summary>
    public string? NamedHierarchy => Controllers.FirstOrDefault(c => c.StartsWith("name=", StringComparison.Ordinal))?[5..];

    public bool Equals(ProcCgroupLine? other) =>
        other is not null && Id == other.Id && Path == other.Path && Controllers.SequenceEqual(other.Controllers);

    public override int GetHashCode() => HashCode.Combine(Id, Path);
}
