using System.Text.Json;

namespace Verwalter.Peers;

/// <summary>
/// The scheduler input's <c>peers</c> field (spec/verwalter.md §2.2): an object keyed by node id,
/// every listed member but this node, as verwalter built it from cantal. <c>schedule</c> is the
/// stamp the peer last reported to this node (null when none) and <c>errors</c> its reported error
/// count; <c>state</c> is an extension at the end.
/// </summary>
internal static class SchedulerPeersJson
{
    public static byte[] ToJson(PeerSet peers, Scheduling.PeerReports? reports = null)
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
                if (reports is not null && reports.Stamps.TryGetValue(peer.Id, out var stamp))
                {
                    writer.WriteStartObject("schedule");
                    writer.WriteNumber("timestamp", stamp.Timestamp);
                    writer.WriteString("hash", stamp.Hash);
                    writer.WriteString("origin", stamp.Origin);
                    writer.WriteNumber("epoch", stamp.Epoch);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("schedule");
                }
                writer.WriteNumber("known_since", peer.KnownSince.ToUnixTimeMilliseconds());
                if (peer.LastReportDirect is { } last)
                {
                    writer.WriteNumber("last_report_direct", last.ToUnixTimeMilliseconds());
                }
                else
                {
                    writer.WriteNull("last_report_direct");
                }

                writer.WriteNumber("errors", reports is not null && reports.Errors.TryGetValue(peer.Id, out var errors) ? errors : 0);
                writer.WriteString("state", PeerJson.StateName(peer.State));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
