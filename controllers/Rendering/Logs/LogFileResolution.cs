namespace Verwalter.Rendering.Logs;

/// <summary>A resolved log route path: the real path of the file when <see cref="Status"/> is <see cref="LogFileStatus.Found"/>, else why not.</summary>
internal sealed record LogFileResolution(LogFileStatus Status, string? FullPath, string Reason)
{
    public static LogFileResolution Found(string fullPath) => new(LogFileStatus.Found, fullPath, string.Empty);

    public static LogFileResolution NotFound(string reason) => new(LogFileStatus.NotFound, null, reason);

    public static LogFileResolution Forbidden(string reason) => new(LogFileStatus.Forbidden, null, reason);
}
