using System.Collections.Immutable;

namespace Verwalter.Rendering;

/// <summary>What the render loop publishes: every role's last outcome and the last deployment.</summary>
public sealed record RenderState(
    ImmutableSortedDictionary<string, RoleOutcome> Roles,
    ImmutableArray<string> AllRoles,
    string? LastDeploymentId,
    DateTimeOffset? LastDeploymentAt)
{
    public static RenderState Empty { get; } = new(ImmutableSortedDictionary<string, RoleOutcome>.Empty.WithComparers(StringComparer.Ordinal), [], null, null);

    public ImmutableArray<string> FailedRoles => [.. Roles.Values.Where(r => r.Error is not null).Select(r => r.Role)];
}

/// <summary>One role's last apply on this node.</summary>
public sealed record RoleOutcome(string Role, string DeploymentId, DateTimeOffset At, TimeSpan Duration, string? Error, RenderFailure? Failure);
