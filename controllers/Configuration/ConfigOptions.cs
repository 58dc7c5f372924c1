using System.ComponentModel.DataAnnotations;

namespace Verwalter.Configuration;

/// <summary>Options of the config loop (<c>Verwalter:Config</c>).</summary>
public sealed class ConfigOptions
{
    public const string DefaultConfigDir = "/etc/verwalter";
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    /// <summary>The config dir (<c>--config-dir</c>).</summary>
    [Required]
    public string ConfigDir { get; set; } = DefaultConfigDir;

    /// <summary>Quiet time after the last file event before the tree is read again, so a burst of writes gives one reload.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Debounce { get; set; } = DefaultDebounce;
}
