namespace Verwalter.Rendering.Logs;

/// <summary>
/// The folders the log HTTP routes may serve from: the daemon's <c>--log-dir</c> and the
/// sandbox's named external log folders (<c>log_dirs</c>). Anything outside them is refused.
/// </summary>
/// <param name="LogDir">The deployment log folder (<c>.index</c>, <c>.global</c>, <c>.changes</c>, role folders).</param>
/// <param name="ExternalLogDirs">Name → folder of logs written by the services themselves (<c>!PeekLog</c> targets).</param>
internal sealed record LogDirectories(string LogDir, IReadOnlyDictionary<string, string> ExternalLogDirs);
