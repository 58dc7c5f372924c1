using System.ComponentModel.DataAnnotations;

namespace Verwalter.Replication;

/// <summary>Node-to-node schedule fetches (section <c>Verwalter:Replication</c>): per-attempt timeout, retries, circuit breaker, body limit.</summary>
internal sealed class ReplicationOptions
{
    public const string SectionName = "Verwalter:Replication";

    /// <summary>One HTTP attempt (connect, request, whole body).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries of one fetch (exponential backoff with jitter from <see cref="RetryDelay"/>).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; also the base of the pause between failed fetches (× U(0.5, 1.5)).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a peer's circuit stays open after half of at least 4 attempts in 10 s failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest schedule accepted from a peer (10 MiB, as the original).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxScheduleBytes { get; set; } = 10 * 1024 * 1024;
}
