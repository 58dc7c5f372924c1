using GraphQL.Types;
using Verwalter.Api.Contracts;

namespace Verwalter.Api.Graph;

/// <summary><c>supervisor { mode pid running cgroups problems instances { … } }</c>.</summary>
internal sealed class SupervisorGraphType : ObjectGraphType<SupervisorSummary>
{
    public SupervisorGraphType()
    {
        Name = "Supervisor";
        Field<NonNullGraphType<StringGraphType>, string>("mode").Resolve(c => c.Source.Mode);
        Field<IntGraphType, int?>("pid").Resolve(c => c.Source.Pid);
        Field<NonNullGraphType<BooleanGraphType>, bool>("running").Resolve(c => c.Source.Running);
        Field<StringGraphType, string>("cgroups").Resolve(c => c.Source.Cgroups);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("problems").Resolve(c => c.Source.Problems);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InstanceGraphType>>>, IEnumerable<Supervision.Runtime.InstanceStatus>>("instances")
            .Resolve(c => c.Source.Sandboxes.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value));
    }
}
