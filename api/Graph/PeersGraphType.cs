using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>peers { number errorneous { id name hostname errors } timestamp }</c>: <c>errorneous</c> lists the peers reporting errors in their Pongs (known on the leader).</summary>
internal sealed class PeersGraphType : ObjectGraphType<GraphStatus>
{
    public PeersGraphType()
    {
        Name = "Peers";
        Field<NonNullGraphType<IntGraphType>, int>("number").Resolve(c => c.Source.Status.Peers);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PeerRefGraphType>>>, IEnumerable<PeerRef>>("errorneous").Resolve(c => Errorneous(c.Source));
        Field<FloatGraphType, double?>("timestamp").Resolve(c => c.Source.Status.PeersTimestamp);
    }

    private static IEnumerable<PeerRef> Errorneous(GraphStatus status)
    {
        var errors = status.Leadership?.PeerErrors;
        if (errors is null)
        {
            return [];
        }

        return errors.Where(e => e.Value > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => status.Members.FirstOrDefault(m => m.Id == e.Key) is { } member
                ? new PeerRef(e.Key, member.Name, member.Hostname, e.Value)
                : new PeerRef(e.Key, "", "", e.Value));
    }
}
