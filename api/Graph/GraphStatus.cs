using System.Collections.Immutable;
using Verwalter.Api.Contracts;
using Verwalter.Leadership;
using Verwalter.Peers;
using Verwalter.Scheduling;

namespace Verwalter.Api.Graph;

/// <summary>One read of the node for GraphQL's <c>status</c>: the <c>/v1/status</c> model plus the snapshots its extra fields come from.</summary>
internal sealed record GraphStatus(
    StatusResponse Status,
    ElectionResponse Election,
    LeadershipState? Leadership,
    Schedule? Schedule,
    ImmutableArray<PeerMember> Members);
