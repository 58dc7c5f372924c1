namespace Verwalter.Rendering.Commands;

/// <summary>
/// Forwards a child's stdout and stderr bytes to the role log, one write at a time, until closed.
/// A pump that is abandoned (a background grandchild still holds the pipe) can then no longer
/// write into a log the apply has moved past.
/// </summary>
internal sealed class OutputSink(IRoleLog log)
{
    private readonly Lock _lock = new();
    private bool _closed;
    private bool _atLineStart = true;

    /// <summary>Whether the output so far ends with a newline (or there was none).</summary>
    public bool AtLineStart
    {
        get
        {
            lock (_lock)
            {
                return _atLineStart;
            }
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (!_closed && bytes.Length > 0)
            {
                log.Write(bytes);
                _atLineStart = bytes[^1] == (byte)'\n';
            }
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }
    }

    public async Task PumpAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                Write(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // The pipe broke (the child was killed); what was read is already in the log.
        }
        catch (ObjectDisposedException)
        {
            // The process object was disposed while an abandoned pump still waited.
        }
    }
}
