using System.ComponentModel.DataAnnotations;

namespace Verwalter.Rendering;

/// <summary>Options of the render loop (<c>Verwalter:Render</c>).</summary>
public sealed class RenderOptions
{
    public static readonly TimeSpan DefaultApplyWatchdog = TimeSpan.FromMinutes(3);

    /// <summary>The deployment log folder (<c>--log-dir</c>).</summary>
    [Required]
    public string LogDir { get; set; } = "/var/log/verwalter";

    /// <summary>Longest a single command may run before it is killed and the role fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = CommandContext.DefaultCommandTimeout;

    /// <summary>
    /// Last resort for an apply that cannot be stopped (a child that survives its kill): past this,
    /// the process exits with code 91.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ApplyWatchdog { get; set; } = DefaultApplyWatchdog;

    /// <summary>Render and log, but run no command and write no file.</summary>
    public bool DryRun { get; set; }

    /// <summary>Treat a template's reference to a missing variable as an error.</summary>
    public bool StrictTemplates { get; set; }
}
