using System.Text;
using System.Text.Json;

namespace Verwalter.Peers;

/// <summary>
/// Writes a <see cref="PeerSet"/> in cantal's <c>/all_peers.json</c> shape (key order as cantal,
/// <c>hostname</c> and <c>name</c> always strings, self left out) and in verwalter's
/// <c>/v1/peers</c> shape. Extra keys (<c>state</c>, <c>incarnation</c>) come last, where cantal's
/// consumers ignore them.
/// </summary>
internal static class PeerJson
{
    public static string ToCantalJson(PeerSet peers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("peers");
            foreach (var peer in peers.Members)
            {
                WriteCantalPeer(writer, peer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// <c>[{id, primary_addr, name, hostname, known_since, last_report_direct, errors}]</c>. Gossip runs
    /// on the daemon's own port, so <c>primary_addr</c> is already the address to reach the peer.
    /// </summary>
    public static string ToVerwalterJson(PeerSet peers, IReadOnlyDictionary<string, int>? errors = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var peer in peers.Members)
            {
                writer.WriteStartObject();
                writer.WriteString("id", peer.Id);
                writer.WriteString("primary_addr", peer.Address);
                writer.WriteString("name", peer.Name);
                writer.WriteString("hostname", peer.Hostname);
                writer.WriteNumber("known_since", peer.KnownSince.ToUnixTimeMilliseconds());
                WriteNullableMs(writer, "last_report_direct", peer.LastReportDirect);
                writer.WriteNumber("errors", errors is not null && errors.TryGetValue(peer.Id, out var count) ? count : 0);
                writer.WriteString("state", StateName(peer.State));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string StateName(MemberState state) => state switch
    {
        MemberState.Alive => "alive",
        MemberState.Suspect => "suspect",
        _ => "dead",
    };

    private static void WriteCantalPeer(Utf8JsonWriter writer, PeerMember peer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", peer.Id);
        writer.WriteNumber("known_since", peer.KnownSince.ToUnixTimeMilliseconds());
        writer.WriteString("primary_addr", peer.Address);
        writer.WriteStartArray("addresses");
        writer.WriteStringValue(peer.Address);
        writer.WriteEndArray();
        writer.WriteString("hostname", peer.Hostname);
        writer.WriteString("name", peer.Name);
        if (peer.LastProbeAt is { } probe)
        {
            writer.WriteStartArray("last_probe");
            writer.WriteNumberValue(probe.ToUnixTimeMilliseconds());
            writer.WriteStringValue(peer.Address);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("last_probe");
        }

        writer.WriteNumber("probes_sent", peer.ProbesSent);
        writer.WriteNumber("pings_received", peer.PingsReceived);
        writer.WriteNumber("pongs_received", peer.AcksReceived);
        if (peer.Rtt is { } rtt && peer.RttMeasuredAt is { } at)
        {
            writer.WriteStartArray("last_roundtrip");
            writer.WriteStringValue(peer.Address);
            writer.WriteNumberValue(at.ToUnixTimeMilliseconds());
            writer.WriteNumberValue((long)rtt.TotalMilliseconds);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("last_roundtrip");
        }

        writer.WriteNull("random_peer_roundtrip");
        writer.WriteNull("report");
        WriteNullableMs(writer, "last_report_direct", peer.LastReportDirect);
        writer.WriteString("state", StateName(peer.State));
        writer.WriteNumber("incarnation", peer.Incarnation);
        writer.WriteEndObject();
    }

    private static void WriteNullableMs(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
