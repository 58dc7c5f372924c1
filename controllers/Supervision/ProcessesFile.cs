using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>A parsed and shape-checked processes file of one sandbox; entries by process name.</summary>
internal sealed record ProcessesFile(string Path, ImmutableSortedDictionary<string, ProcessEntry> Entries)
{
    public static ProcessesFile Empty(string path) =>
        new(path, ImmutableSortedDictionary<string, ProcessEntry>.Empty.WithComparers(StringComparer.Ordinal));
}
