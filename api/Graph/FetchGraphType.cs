using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>fetch { state }</c>: <c>StableLeader</c>, <c>Prefetching</c>, <c>Replicating</c> or <c>Unstable</c>, as <c>fetch_state</c> in /v1/status.</summary>
internal sealed class FetchGraphType : ObjectGraphType<GraphStatus>
{
    public FetchGraphType()
    {
        Name = "Fetch";
        Field<NonNullGraphType<StringGraphType>, string>("state").Resolve(c => c.Source.Status.FetchState.State);
    }
}
