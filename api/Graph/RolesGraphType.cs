using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>roles { number failed }</c>: how many roles this node renders, and those whose last apply failed.</summary>
internal sealed class RolesGraphType : ObjectGraphType<GraphStatus>
{
    public RolesGraphType()
    {
        Name = "Roles";
        Field<NonNullGraphType<IntGraphType>, int>("number").Resolve(c => c.Source.Status.Roles);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("failed").Resolve(c => c.Source.Status.FailedRoles);
    }
}
