using GraphQL;
using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>Subscription { status }</c>: the status now, then on every change (<see cref="StatusChanges"/>).</summary>
internal sealed class VerwalterSubscription : ObjectGraphType
{
    public VerwalterSubscription()
    {
        Name = "Subscription";
        Field<NonNullGraphType<StatusGraphType>, GraphStatus>("status")
            .ResolveStream(c => c.RequestServices!.GetRequiredService<StatusChanges>().Observe())
            .Resolve(c => (GraphStatus)c.Source!);
    }
}
