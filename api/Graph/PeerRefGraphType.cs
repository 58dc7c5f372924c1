using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>{ id name hostname errors }</c> of a peer that reports errors.</summary>
internal sealed class PeerRefGraphType : ObjectGraphType<PeerRef>
{
    public PeerRefGraphType()
    {
        Name = "PeerRef";
        Field<NonNullGraphType<StringGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>, string>("hostname").Resolve(c => c.Source.Hostname);
        Field<NonNullGraphType<IntGraphType>, int>("errors").Resolve(c => c.Source.Errors);
    }
}
