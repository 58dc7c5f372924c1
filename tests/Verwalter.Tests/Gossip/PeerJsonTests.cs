using System.Text.Json;
using Verwalter.Peers;

namespace Verwalter.Tests.Gossip;

public sealed class PeerJsonTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_571_900_000_000);

    private static PeerSet Sample() => new(3, "00000000000000000000000000000000",
    [
        new PeerMember("77985419c732412ea38b94db00000001", "10.0.0.2:8379", "node2", "node2.example", MemberState.Alive, 2,
            T0, T0, T0.AddMilliseconds(1003), TimeSpan.FromMilliseconds(3), T0.AddMilliseconds(1003), T0.AddMilliseconds(1000), 12, 40, 12),
        new PeerMember("77985419c732412ea38b94db00000002", "10.0.0.3:8379", "node3", "node3", MemberState.Dead, 0,
            T0, T0, null, null, null, null, 0, 0, 0),
    ]);

    [Fact]
    public void ToCantalJson_Peers_CantalKeyOrderAndValues()
    {
        using var doc = JsonDocument.Parse(PeerJson.ToCantalJson(Sample()));
        var first = doc.RootElement.GetProperty("peers")[0];

        Assert.Equal(
            ["id", "known_since", "primary_addr", "addresses", "hostname", "name", "last_probe", "probes_sent", "pings_received",
             "pongs_received", "last_roundtrip", "random_peer_roundtrip", "report", "last_report_direct", "state", "incarnation"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1_571_900_000_000, first.GetProperty("known_since").GetInt64());
        Assert.Equal(1_571_900_001_003, first.GetProperty("last_report_direct").GetInt64());
        Assert.Equal(3, first.GetProperty("last_roundtrip")[2].GetInt64());
        Assert.Equal("10.0.0.2:8379", first.GetProperty("addresses")[0].GetString());
        var second = doc.RootElement.GetProperty("peers")[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("last_report_direct").ValueKind);
        Assert.Equal(JsonValueKind.String, second.GetProperty("hostname").ValueKind);
        Assert.Equal("dead", second.GetProperty("state").GetString());
    }

    [Fact]
    public void ToVerwalterJson_Peers_OriginalShapeWithErrors()
    {
        var errors = new Dictionary<string, int> { ["77985419c732412ea38b94db00000001"] = 2 };

        using var doc = JsonDocument.Parse(PeerJson.ToVerwalterJson(Sample(), errors));
        var first = doc.RootElement[0];

        Assert.Equal(["id", "primary_addr", "name", "hostname", "known_since", "last_report_direct", "errors", "state"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, first.GetProperty("errors").GetInt32());
        Assert.Equal(0, doc.RootElement[1].GetProperty("errors").GetInt32());
    }
}
