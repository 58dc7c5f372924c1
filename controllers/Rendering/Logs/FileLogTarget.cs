namespace Verwalter.Rendering.Logs;

/// <summary>
/// Appends to a log file. It is opened without <see cref="FileMode.Append"/> (which does not use
/// <c>O_APPEND</c> anyway, and refuses to cut a failed write back), and each write first seeks
/// to the real end of the file: another writer holding the same lock (the index of a concurrent deployment) never gets overwritten.
/// A write that fails half-way (a full disk) is cut back to where it started, so a line is
/// either whole or absent; an index target also cuts a torn last line left by a crash before
/// appending (<see cref="IndexRepair"/>).
/// </summary>
internal sealed class FileLogTarget : LogTarget
{
    private readonly FileStream _stream;
    private readonly bool _index;

    public FileLogTarget(string path, string segment, Lock? sharedLock = null, bool index = false)
        : base(segment, sharedLock)
    {
        Path = path;
        _index = index;
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }

    public string Path { get; }

    protected override long CurrentLength() => _stream.Length;

    protected override void WriteCore(ReadOnlySpan<byte> bytes)
    {
        if (_index)
        {
            try
            {
                IndexRepair.CutTornTail(_stream, Path);
            }
            catch (IOException ex)
            {
                throw new LogWriteException(Path, ex);
            }
        }

        var before = _stream.Seek(0, SeekOrigin.End);
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
        catch (IOException ex)
        {
            TryCutBack(before);
            throw new LogWriteException(Path, ex);
        }
    }

    private void TryCutBack(long length)
    {
        try
        {
            _stream.SetLength(length);
        }
        catch (IOException)
        {
            // The start-up check of the index moves what is left to the .torn file.
        }
    }

    protected override void Close() => _stream.Dispose();
}
