using System.Text.Encodings.Web;
using System.Text.Json;

namespace Verwalter.Scheduling;

/// <summary>
/// A published schedule: the envelope <c>{timestamp, hash, origin, epoch, data}</c>. <see cref="Data"/>
/// holds the canonical bytes, so the hash can always be checked against them.
/// </summary>
public sealed class Schedule
{
    private Schedule(long timestamp, string hash, string origin, long epoch, byte[] data)
    {
        Timestamp = timestamp;
        Hash = hash;
        Origin = origin;
        Epoch = epoch;
        Data = data;
    }

    /// <summary>Milliseconds since the Unix epoch when the leader made it.</summary>
    public long Timestamp { get; }

    /// <summary>Lowercase hex SHA-1 of <see cref="Data"/>.</summary>
    public string Hash { get; }

    /// <summary>The node id (hex) of the leader that made it.</summary>
    public string Origin { get; }

    /// <summary>The election epoch it was made in (0 for files written by the original).</summary>
    public long Epoch { get; }

    /// <summary>The schedule data in canonical form.</summary>
    public byte[] Data { get; }

    /// <summary>Builds a schedule from canonical data, computing its hash.</summary>
    public static Schedule Create(long timestamp, string origin, long epoch, byte[] canonicalData) =>
        new(timestamp, CanonicalJson.Sha1Hex(canonicalData), origin, epoch, canonicalData);

    /// <summary>
    /// Reads an envelope (from disk or a peer). All of timestamp, hash, data and origin are required;
    /// the hash is recomputed from the parsed data and must match.
    /// </summary>
    /// <exception cref="FormatException">The envelope is incomplete or its hash does not match.</exception>
    public static Schedule Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"schedule is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("schedule envelope must be a JSON object");
            }

            var timestamp = Required(root, "timestamp");
            if (timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var ts) || ts < 0)
            {
                throw new FormatException("schedule field 'timestamp' must be a non-negative integer (ms)");
            }

            var hash = Required(root, "hash");
            var origin = Required(root, "origin");
            if (hash.ValueKind != JsonValueKind.String || origin.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("schedule fields 'hash' and 'origin' must be strings");
            }

            var originText = origin.GetString()!;
            if (originText.Length == 0 || originText.Length % 2 != 0 || !originText.All(char.IsAsciiHexDigit))
            {
                throw new FormatException($"schedule field 'origin' is not a hex node id: '{originText}'");
            }

            long epoch = 0;
            if (root.TryGetProperty("epoch", out var epochElement) && !epochElement.TryGetInt64(out epoch))
            {
                throw new FormatException("schedule field 'epoch' must be an integer");
            }

            var data = CanonicalJson.Serialize(Required(root, "data"));
            var schedule = Create(ts, originText.ToLowerInvariant(), epoch, data);
            if (!string.Equals(schedule.Hash, hash.GetString(), StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"schedule hash mismatch: envelope says {hash.GetString()}, data hashes to {schedule.Hash}");
            }

            return schedule;
        }
    }

    /// <summary>Writes the envelope; <paramref name="indented"/> for files and <c>.pretty</c>.</summary>
    public byte[] ToJson(bool indented = false)
    {
        using var stream = new MemoryStream(Data.Length + 256);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", Timestamp);
            writer.WriteString("hash", Hash);
            writer.WriteString("origin", Origin);
            writer.WriteNumber("epoch", Epoch);
            writer.WritePropertyName("data");
            if (indented)
            {
                using var data = JsonDocument.Parse(Data);
                data.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue(Data, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The short stamp that identifies this schedule.</summary>
    public ScheduleStamp Stamp => new(Timestamp, Hash, Origin, Epoch);

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"schedule field '{name}' is missing");
}

/// <summary>What identifies a schedule without its data.</summary>
public sealed record ScheduleStamp(long Timestamp, string Hash, string Origin, long Epoch);
