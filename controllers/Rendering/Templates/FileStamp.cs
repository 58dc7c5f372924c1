namespace Verwalter.Rendering.Templates;

/// <summary>What a cached compile is valid for: the file's last write time and size.</summary>
internal readonly record struct FileStamp(long LastWriteTicks, long Length)
{
    /// <exception cref="IOException">The file is gone or unreadable.</exception>
    public static FileStamp Of(string fullPath)
    {
        var info = new FileInfo(fullPath);
        return new FileStamp(info.LastWriteTimeUtc.Ticks, info.Length);
    }
}
