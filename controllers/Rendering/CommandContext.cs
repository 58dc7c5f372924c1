namespace Verwalter.Rendering;

/// <summary>
/// What commands of one render unit run with: the role, the rendered files (template name →
/// path of the rendered temp file), the sandbox's log dirs, limits, and the log to write to.
/// </summary>
public sealed record CommandContext(
    string Role,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, string> LogDirs,
    IRoleLog Log,
    bool DryRun,
    TimeSpan CommandTimeout)
{
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(60);
}
