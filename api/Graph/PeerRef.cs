namespace Verwalter.Api.Graph;

/// <summary>A peer in <c>peers.errorneous</c>.</summary>
internal sealed record PeerRef(string Id, string Name, string Hostname, int Errors);
