namespace Verwalter.Peers;

/// <summary>
/// The only exception <see cref="GossipCodec.Decode"/> throws: the datagram is malformed, truncated,
/// oversized or from another protocol version. The shell drops the datagram and counts it.
/// </summary>
public sealed class GossipDecodeException : Exception
{
    public GossipDecodeException()
    {
    }

    public GossipDecodeException(string message)
        : base(message)
    {
    }

    public GossipDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
