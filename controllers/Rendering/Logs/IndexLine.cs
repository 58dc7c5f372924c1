using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Verwalter.Rendering.Logs;

/// <summary>Formats index lines and the marker rows written into text logs.</summary>
internal static class IndexLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>[date, deployment_id, pointer, marker]</c> followed by a newline, as UTF-8.</summary>
    public static byte[] Format(string date, string deploymentId, LogPointer pointer, LogMarker marker)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(date);
            writer.WriteStringValue(deploymentId);
            pointer.WriteTo(writer);
            marker.WriteTo(writer);
            writer.WriteEndArray();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>"&lt;date&gt; &lt;id&gt; ------------ [&lt;role&gt;: ]&lt;Marker&gt; ----------- "</c> (without the newline).</summary>
    public static string MarkerRow(string date, string deploymentId, string? role, LogMarker marker)
    {
        var sb = new StringBuilder().Append(date).Append(' ').Append(deploymentId).Append(" ------------ ");
        if (role is not null)
        {
            sb.Append(role).Append(": ");
        }

        return sb.Append(marker).Append(" ----------- ").ToString();
    }
}
