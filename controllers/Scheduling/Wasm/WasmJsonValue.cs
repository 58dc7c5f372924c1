using System.Text.Json;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// The original ABI gives no length with a result: the host reads one JSON value starting at the
/// returned offset and stops where that value ends (trailing bytes are ignored).
/// </summary>
internal static class WasmJsonValue
{
    public const int MaxDepth = 256;

    /// <exception cref="WasmCallException">The offset is outside memory or no complete JSON object or array starts there.</exception>
    public static byte[] Read(ReadOnlySpan<byte> memory, long offset)
    {
        if (offset < 0 || offset >= memory.Length)
        {
            throw new WasmCallException(SchedulerErrorKind.InvalidResult, $"returned offset {offset} is outside memory ({memory.Length} bytes)");
        }

        var span = memory[(int)offset..];
        var first = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || (span[first] != (byte)'{' && span[first] != (byte)'['))
        {
            var what = first < 0 ? "only whitespace" : $"byte 0x{span[first]:x2}";
            throw new WasmCallException(SchedulerErrorKind.InvalidResult, $"no JSON object at returned offset {offset}: found {what}");
        }

        var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            reader.Read();
            reader.Skip();
        }
        catch (JsonException ex)
        {
            throw new WasmCallException(SchedulerErrorKind.InvalidResult, $"invalid JSON at returned offset {offset}: {ex.Message}");
        }

        return span[..(int)reader.BytesConsumed].ToArray();
    }
}
