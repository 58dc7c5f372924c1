namespace Verwalter.Peers;

/// <summary>A datagram the shell must send to <paramref name="To"/> (<c>ip:port</c>).</summary>
internal sealed record OutgoingMessage(string To, GossipMessage Message);
