using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>leader { id name hostname addr schedule debugForced }</c>; null without a leader.</summary>
internal sealed class LeaderGraphType : ObjectGraphType<GraphStatus>
{
    public LeaderGraphType()
    {
        Name = "Leader";
        Field<NonNullGraphType<StringGraphType>, string>("id").Resolve(c => c.Source.Status.Leader!.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Status.Leader!.Name);
        Field<NonNullGraphType<StringGraphType>, string>("hostname").Resolve(c => c.Source.Status.Leader!.Hostname);
        Field<StringGraphType, string>("addr").Description("The leader's ip:port; null on the leader itself.").Resolve(c => c.Source.Status.Leader!.Addr);
        Field<StringGraphType, string>("schedule").Description("The hash of the leader's schedule as last announced.").Resolve(c => c.Source.Status.Leader!.Schedule);
        Field<NonNullGraphType<BooleanGraphType>, bool>("debugForced").Resolve(c => c.Source.Status.DebugForceLeader);
    }
}
