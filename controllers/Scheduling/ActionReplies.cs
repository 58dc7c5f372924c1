using System.Globalization;
using System.Text.Json;

namespace Verwalter.Scheduling;

/// <summary>
/// The reply channel for <c>/v1/wait_action</c> (docs/scheduler-lua.md): a scheduler may put a
/// top-level <c>action_replies</c> object (action id → any JSON) into its result. The host takes
/// it out before the schedule is hashed, so replies are never part of the replicated schedule.
/// </summary>
public static class ActionReplies
{
    public const string Key = "action_replies";

    /// <summary>Splits canonical schedule data into the data without the replies and the replies by id.</summary>
    public static (byte[] Data, IReadOnlyDictionary<long, byte[]> Replies) Extract(byte[] canonicalData)
    {
        if (canonicalData.AsSpan().IndexOf("\"action_replies\""u8) < 0)
        {
            return (canonicalData, new Dictionary<long, byte[]>());
        }

        using var document = JsonDocument.Parse(canonicalData);
        if (!document.RootElement.TryGetProperty(Key, out var replies))
        {
            return (canonicalData, new Dictionary<long, byte[]>());
        }

        var byId = new Dictionary<long, byte[]>();
        if (replies.ValueKind == JsonValueKind.Object)
        {
            foreach (var reply in replies.EnumerateObject())
            {
                if (long.TryParse(reply.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    byId[id] = CanonicalJson.Serialize(reply.Value);
                }
            }
        }

        using var stream = new MemoryStream(canonicalData.Length);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != Key)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return (CanonicalJson.Canonicalize(stream.ToArray()), byId);
    }
}
