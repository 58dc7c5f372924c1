using System.Text;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// Dry-run output: every log of the deployment goes to one <see cref="TextWriter"/> (stdout),
/// offsets are 0 and the segment is <c>dry-run</c>. Raw bytes are decoded as UTF-8 with a
/// decoder per target, so a character split across two writes of a child comes out whole.
/// </summary>
internal sealed class TextWriterLogTarget(TextWriter output, Lock outputLock) : LogTarget(DryRunSegment, null)
{
    public const string DryRunSegment = "dry-run";

    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    protected override long CurrentLength() => 0;

    protected override void WriteCore(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
        var count = _decoder.GetChars(bytes, chars, flush: false);
        lock (outputLock)
        {
            output.Write(chars, 0, count);
            output.Flush();
        }
    }

    protected override void Close()
    {
    }
}
