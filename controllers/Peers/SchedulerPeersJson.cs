using System.Text.Json;

namespace Verwalter.Peers;

/// <summary>
/// The scheduler input's <c>peers</c> field (spec/verwalter.md §2.2): an object keyed by node id,
/// every listed member but this node, as verwalter built it from cantal. <c>schedule</c> is null
/// here (the leadership loop knows schedule stamps); <c>state</c> is an extension at the end.
/// </summary>
internal static class SchedulerPeersJson
{
    public static byte[] ToJson(PeerSet peers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var peer in peers.Members)
            {
                writer.WriteStartObject(peer.Id);
                writer.WriteString("id", peer.Id);
                writer.WriteString("addr", peer.Address);
                writer.WriteString("name", peer.Name);
                writer.WriteString("hostname", peer.Hostname);
                writer.WriteNull("schedule");
                writer.WriteNumber("known_since", peer.KnownSince.ToUnixTimeMilliseconds());
                if (peer.LastReportDirect is { } last)
                {
                    writer.WriteNumber("last_report_direct", last.ToUnixTimeMilliseconds());
                }
                else
                {
                    writer.WriteNull("last_report_direct");
                }

                writer.WriteNumber("errors", 0);
                writer.WriteString("state", PeerJson.StateName(peer.State));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
