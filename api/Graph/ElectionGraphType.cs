using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>election { isLeader isStable epoch promoting numVotesForMe neededVotes deadline lastStableTimestamp phase leaderAddr }</c>; times in ms since the epoch (Float, as the original).</summary>
internal sealed class ElectionGraphType : ObjectGraphType<GraphStatus>
{
    public ElectionGraphType()
    {
        Name = "Election";
        Field<NonNullGraphType<BooleanGraphType>, bool>("isLeader").Resolve(c => c.Source.Election.IsLeader);
        Field<NonNullGraphType<BooleanGraphType>, bool>("isStable").Resolve(c => c.Source.Election.IsStable);
        Field<NonNullGraphType<FloatGraphType>, double>("epoch").Resolve(c => c.Source.Election.Epoch);
        Field<StringGraphType, string>("promoting").Description("The candidate this node voted for.").Resolve(c => c.Source.Election.Promoting);
        Field<IntGraphType, int?>("numVotesForMe").Description("Only while a candidate.").Resolve(c => c.Source.Election.NumVotesForMe);
        Field<IntGraphType, int?>("neededVotes").Description("Only while a candidate.").Resolve(c => c.Source.Election.NeededVotes);
        Field<NonNullGraphType<FloatGraphType>, double>("deadline").Resolve(c => c.Source.Election.Deadline);
        Field<FloatGraphType, double?>("lastStableTimestamp").Resolve(c => c.Source.Election.LastStableTimestamp);
        Field<NonNullGraphType<StringGraphType>, string>("phase").Resolve(c => c.Source.Election.Phase);
        Field<StringGraphType, string>("leaderAddr").Resolve(c => c.Source.Election.LeaderAddr);
    }
}
