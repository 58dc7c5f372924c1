using System.ComponentModel.DataAnnotations;

namespace Verwalter.Reconciliation;

/// <summary>How one <see cref="ControllerHost{TKey}"/> runs its queue.</summary>
public sealed class ControllerHostOptions
{
    public const int DefaultWorkers = 1;

    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan DefaultBackoffCap = TimeSpan.FromMinutes(5);

    /// <summary>The controller's name in logs, metrics tags and the status API (e.g. "render").</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>
    /// Parallel reconciles of distinct keys. One is right for loops with a single key
    /// (leadership, schedule); keyed loops with slow passes (render per role) may use more.
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = DefaultWorkers;

    /// <summary>Delay after a key's first failure; each further failure doubles it.</summary>
    public TimeSpan BackoffBase { get; set; } = DefaultBackoffBase;

    /// <summary>Longest delay between retries of a failing key, so a fixed fault is noticed soon.</summary>
    public TimeSpan BackoffCap { get; set; } = DefaultBackoffCap;
}
