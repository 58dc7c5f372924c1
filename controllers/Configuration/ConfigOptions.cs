using System.ComponentModel.DataAnnotations;

namespace Verwalter.Configuration;

/// <summary>Options of the config loop (<c>Verwalter:Config</c>).</summary>
public sealed class ConfigOptions
{
    public const string DefaultConfigDir = "/etc/verwalter";
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);
    public static readonly TimeSpan DefaultDebounceMaxWait = TimeSpan.FromMilliseconds(500);

    /// <summary>The config dir (<c>--config-dir</c>).</summary>
    [Required]
    public string ConfigDir { get; set; } = DefaultConfigDir;

    /// <summary>Quiet time after the last file event before the tree is read again, so a burst of writes gives one reload.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Debounce { get; set; } = DefaultDebounce;

    /// <summary>
    /// Longest wait from the first file event of a burst to the reload, however the events go on:
    /// a writer that never pauses still gets a reload (and a new schedule) at least this often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DebounceMaxWait { get; set; } = DefaultDebounceMaxWait;

    /// <summary>
    /// Paths outside the config dir that symlinks in it may reach (e.g. a shared folder of
    /// templates). Empty by default: every link resolving outside the config dir is refused.
    /// </summary>
    public List<string> AllowOutside { get; set; } = [];
}
