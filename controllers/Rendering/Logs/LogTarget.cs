using System.Text;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// One open text log (a segment file, the index file, or stdout in dry-run). Every write goes
/// out whole under the target's lock and is flushed, so a child's stdout and stderr, marker rows
/// and index lines never interleave inside a line written by one call.
/// </summary>
internal abstract class LogTarget(string segment, Lock? sharedLock) : IDisposable
{
    private readonly Lock _lock = sharedLock ?? new Lock();
    private bool _disposed;

    /// <summary>The segment name written into pointers (<c>dry-run</c> when writing to stdout).</summary>
    public string Segment { get; } = segment;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            WriteCore(bytes);
        }
    }

    public void WriteLine(string text) => Write(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>
    /// Takes the current end of the log, lets <paramref name="atOffset"/> record it (an index
    /// entry), then writes <paramref name="line"/>, all under the lock, so the offset is exactly
    /// where the line starts.
    /// </summary>
    public void WriteLineAt(Action<long> atOffset, string? line)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            atOffset(CurrentLength());
            if (line is not null)
            {
                WriteCore(Encoding.UTF8.GetBytes(line + "\n"));
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Close();
        }
    }

    /// <summary>The byte size of the log right now (0 for stdout).</summary>
    protected abstract long CurrentLength();

    protected abstract void WriteCore(ReadOnlySpan<byte> bytes);

    protected abstract void Close();
}
