using System.Collections.Immutable;
using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// The instances the files ask for, by key, plus what was wrong. A sandbox with any problem
/// contributes no instances and is listed in <see cref="FailedSandboxes"/>; use
/// <see cref="KeepLastGood"/> so a bad edit never stops processes that were running.
/// </summary>
internal sealed record DesiredProcessSet(
    ImmutableSortedDictionary<InstanceKey, DesiredInstance> Instances,
    ImmutableArray<ConfigProblem> Problems,
    ImmutableSortedSet<string> FailedSandboxes)
{
    public static DesiredProcessSet Empty { get; } = new(
        ImmutableSortedDictionary<InstanceKey, DesiredInstance>.Empty, [], ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public bool IsValid => Problems.IsEmpty;

    /// <summary>This set, with every failed sandbox's instances taken from <paramref name="previous"/>.</summary>
    public DesiredProcessSet KeepLastGood(DesiredProcessSet previous)
    {
        var instances = Instances.ToBuilder();
        foreach (var (key, instance) in previous.Instances.Where(pair => FailedSandboxes.Contains(pair.Key.Sandbox)))
        {
            instances[key] = instance;
        }

        return this with { Instances = instances.ToImmutable() };
    }

    public bool Equals(DesiredProcessSet? other) =>
        other is not null
        && Instances.SequenceEqual(other.Instances)
        && Problems.SequenceEqual(other.Problems)
        && FailedSandboxes.SetEquals(other.FailedSandboxes);

    public override int GetHashCode() => HashCode.Combine(Instances.Count, Problems.Length, FailedSandboxes.Count);
}
