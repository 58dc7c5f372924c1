namespace Verwalter.Leadership;

/// <summary>One decoded election datagram: who sent it (node id, hex), in which epoch, and the message.</summary>
internal sealed record ElectionPacket(string Sender, long Epoch, ElectionMessage Message);
