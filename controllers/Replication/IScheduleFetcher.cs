namespace Verwalter.Replication;

/// <summary>Gets a peer's <c>/v1/schedule</c> body. Implemented over HTTP in the daemon and in memory for tests.</summary>
internal interface IScheduleFetcher
{
    /// <summary>
    /// The envelope's bytes (<c>/v1/schedule</c>, or <c>/v1/schedule/{hash}</c> when
    /// <paramref name="hash"/> is given), or null when the peer has no such schedule (404).
    /// </summary>
    /// <exception cref="ScheduleFetchException">The peer could not be reached or answered with an error.</exception>
    Task<byte[]?> FetchAsync(string address, string? hash, CancellationToken cancellationToken);
}

/// <summary>A fetch failed after its retries (or the peer's circuit is open).</summary>
public sealed class ScheduleFetchException : Exception
{
    public ScheduleFetchException()
    {
    }

    public ScheduleFetchException(string message)
        : base(message)
    {
    }

    public ScheduleFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
