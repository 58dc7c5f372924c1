namespace Verwalter.Storage;

/// <summary>
/// One thing on disk the node could not do, or found damaged: the path, the error name
/// (<c>ENOSPC</c>, <c>EIO</c>, <c>EROFS</c>, <c>EACCES</c>, <c>EISDIR</c>, <c>corrupt</c>, …),
/// what the node did about it, and when it was first and last seen (wall time, for display only).
/// </summary>
public sealed record StorageFault(string Area, string Path, string Error, string Message, DateTimeOffset Since, DateTimeOffset LastSeen, int Attempts)
{
    /// <summary>The line shown in <c>/v1/status</c> <c>errors</c>.</summary>
    public string Describe() => Attempts > 1
        ? $"{Path}: {Error}: {Message} ({Attempts} attempts since {Since:u})"
        : $"{Path}: {Error}: {Message}";
}
