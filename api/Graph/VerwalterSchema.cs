using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary>The <c>/v1/graphql</c> schema (docs/api.md#graphql).</summary>
internal sealed class VerwalterSchema : Schema
{
    public VerwalterSchema()
    {
        Query = new VerwalterQuery();
        Mutation = new VerwalterMutation();
        Subscription = new VerwalterSubscription();
    }
}
