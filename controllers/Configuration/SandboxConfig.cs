using System.Collections.Immutable;

namespace Verwalter.Configuration;

/// <summary>
/// The admin's security settings from <c>sandbox/*.yaml</c>: today only <c>log_dirs</c> (name →
/// absolute folder) that <c>!PeekLog</c> and <c>/v1/log/external/…</c> may read.
/// </summary>
public sealed record SandboxConfig(ImmutableSortedDictionary<string, string> LogDirs)
{
    public static SandboxConfig Empty { get; } = new(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));
}
