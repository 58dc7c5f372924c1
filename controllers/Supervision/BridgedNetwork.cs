using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>A sandbox's bridged network (spec B.4.4). Parsed and checked; launching it is not supported yet.</summary>
internal sealed record BridgedNetwork(string Bridge, string Network, string? DefaultGateway, ImmutableArray<string> AfterSetupCommand)
{
    public bool Equals(BridgedNetwork? other) =>
        other is not null && Bridge == other.Bridge && Network == other.Network
        && DefaultGateway == other.DefaultGateway && AfterSetupCommand.SequenceEqual(other.AfterSetupCommand);

    public override int GetHashCode() => HashCode.Combine(Bridge, Network, DefaultGateway);
}
