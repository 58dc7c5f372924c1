using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// A container config made concrete for one instance: variables substituted, user and group
/// chosen, port keys turned into numbers. <c>@{lithos:pid}</c> stays in <see cref="Environ"/> for
/// the launcher to fill with the in-container pid.
/// </summary>
internal sealed record ResolvedContainer(
    ContainerConfig Config,
    long UserId,
    long GroupId,
    ImmutableArray<string> Arguments,
    ImmutableSortedDictionary<string, string> Environ,
    ImmutableSortedDictionary<int, TcpPortConfig> TcpPorts,
    ImmutableSortedDictionary<string, int> ActivationPorts)
{
    public bool Equals(ResolvedContainer? other) =>
        other is not null
        && Config == other.Config
        && UserId == other.UserId
        && GroupId == other.GroupId
        && Arguments.SequenceEqual(other.Arguments)
        && Environ.SequenceEqual(other.Environ)
        && TcpPorts.SequenceEqual(other.TcpPorts)
        && ActivationPorts.SequenceEqual(other.ActivationPorts);

    public override int GetHashCode() => HashCode.Combine(UserId, GroupId, Arguments.Length, Environ.Count, TcpPorts.Count);
}
