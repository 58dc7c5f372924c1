using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// One entry of <c>processes/NAME.yaml</c>: the only things the orchestrator may choose (spec B.6).
/// <paramref name="Line"/> is where the entry starts, for error messages.
/// </summary>
internal sealed record ProcessEntry(
    string Name,
    int Line,
    ProcessKind Kind,
    string Image,
    string Config,
    int Instances,
    ImmutableSortedDictionary<string, string> Variables,
    ImmutableArray<string> ExtraSecretsNamespaces,
    ImmutableArray<string> IpAddresses);
