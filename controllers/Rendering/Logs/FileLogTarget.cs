namespace Verwalter.Rendering.Logs;

/// <summary>
/// Appends to a log file. .NET's <see cref="FileMode.Append"/> does not open with
/// <c>O_APPEND</c>, so each write first seeks to the real end of the file: another writer
/// holding the same lock (the index of a concurrent deployment) never gets overwritten.
/// </summary>
internal sealed class FileLogTarget : LogTarget
{
    private readonly FileStream _stream;

    public FileLogTarget(string path, string segment, Lock? sharedLock = null)
        : base(segment, sharedLock)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }

    public string Path { get; }

    protected override long CurrentLength() => _stream.Length;

    protected override void WriteCore(ReadOnlySpan<byte> bytes)
    {
        _stream.Seek(0, SeekOrigin.End);
        _stream.Write(bytes);
        _stream.Flush();
    }

    protected override void Close() => _stream.Dispose();
}
