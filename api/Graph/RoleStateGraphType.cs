using GraphQL.Types;
using Verwalter.Api.Contracts;

namespace Verwalter.Api.Graph;

/// <summary><c>{ role deploymentId at durationMs error }</c>: a role's last apply.</summary>
internal sealed class RoleStateGraphType : ObjectGraphType<RoleStatus>
{
    public RoleStateGraphType()
    {
        Name = "RoleState";
        Field<NonNullGraphType<StringGraphType>, string>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<StringGraphType>, string>("deploymentId").Resolve(c => c.Source.DeploymentId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("at").Resolve(c => c.Source.At);
        Field<NonNullGraphType<FloatGraphType>, double>("durationMs").Resolve(c => c.Source.DurationMs);
        Field<StringGraphType, string>("error").Resolve(c => c.Source.Error);
    }
}
