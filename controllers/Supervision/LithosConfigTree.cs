using System.Collections.Immutable;
using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// Every supervisor file as read: the master, the sandboxes that parsed and the processes files
/// that parsed. A sandbox whose own file or processes file is invalid is in
/// <see cref="FailedSandboxes"/>, with the reason in <see cref="Problems"/>.
/// </summary>
internal sealed record LithosConfigTree(
    MasterConfig Master,
    ImmutableSortedDictionary<string, SandboxDefinition> Sandboxes,
    ImmutableSortedDictionary<string, ProcessesFile> Processes,
    ImmutableArray<ConfigProblem> Problems,
    ImmutableSortedSet<string> FailedSandboxes);
