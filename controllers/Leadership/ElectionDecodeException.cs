namespace Verwalter.Leadership;

/// <summary>
/// The only exception <see cref="ElectionCodec.Decode"/> throws: the datagram is malformed,
/// truncated, oversized or of another version. The loop drops it and counts it.
/// </summary>
public sealed class ElectionDecodeException : Exception
{
    public ElectionDecodeException()
    {
    }

    public ElectionDecodeException(string message)
        : base(message)
    {
    }

    public ElectionDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
