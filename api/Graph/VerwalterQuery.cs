using GraphQL;
using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>Query { status }</c>, as the original.</summary>
internal sealed class VerwalterQuery : ObjectGraphType
{
    public VerwalterQuery()
    {
        Name = "Query";
        Field<NonNullGraphType<StatusGraphType>, GraphStatus>("status")
            .Resolve(c => c.RequestServices!.GetRequiredService<GraphStatusReader>().Read());
    }
}
