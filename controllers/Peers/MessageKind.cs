namespace Verwalter.Peers;

/// <summary>The kinds of gossip datagrams (the byte after the version on the wire).</summary>
internal enum MessageKind : byte
{
    /// <summary>Direct probe; answered with an <see cref="Ack"/> carrying the same sequence number.</summary>
    Ping = 1,

    /// <summary>Answer to a ping, or relayed by a helper for an indirect probe.</summary>
    Ack = 2,

    /// <summary>"Please ping the target for me and relay its ack" (the indirect probe of SWIM).</summary>
    PingReq = 3,

    /// <summary>A full-state push that asks for the receiver's full state back (join, anti-entropy).</summary>
    SyncRequest = 4,

    /// <summary>A full-state push sent in answer to a <see cref="SyncRequest"/>.</summary>
    SyncReply = 5,
}
