using System.Collections.Immutable;

namespace Verwalter.Scheduling.Shadow;

/// <summary>Every shadow's last result by folder name; empty when there are no shadows or this node is not the leader.</summary>
public sealed record ShadowState(ImmutableSortedDictionary<string, ShadowResult> Shadows)
{
    public static readonly ShadowState Empty = new(ImmutableSortedDictionary.Create<string, ShadowResult>(StringComparer.Ordinal));
}
