using System.Diagnostics.Metrics;
using Verwalter.Reconciliation;

namespace Verwalter.Peers;

/// <summary>Peer gauges and gossip counters on the shared <c>Verwalter</c> meter.</summary>
internal sealed class PeersMetrics
{
    public const string MeterName = "Verwalter";
    public const string PeersName = "verwalter_peers";
    public const string InvalidName = "verwalter_gossip_invalid_total";
    public const string SourceErrorsName = "verwalter_peer_source_errors_total";

    private readonly Counter<long> _invalid;
    private readonly Counter<long> _sourceErrors;

    public PeersMetrics(IMeterFactory meterFactory, SnapshotPublisher<PeerSet> peers)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(PeersName, () => Observe(peers.Current?.Value), description: "Known peers (this node excluded) by state.");
        _invalid = meter.CreateCounter<long>(InvalidName, description: "Gossip payloads that passed the transport but did not decode.");
        _sourceErrors = meter.CreateCounter<long>(SourceErrorsName, description: "Failed reads of an external peer source (cantal, peers file).");
        _invalid.Add(0);
        _sourceErrors.Add(0);
    }

    public void Invalid() => _invalid.Add(1);

    public void SourceError() => _sourceErrors.Add(1);

    private static IEnumerable<Measurement<int>> Observe(PeerSet? set)
    {
        foreach (var state in Enum.GetValues<MemberState>())
        {
            yield return new Measurement<int>(set?.CountIn(state) ?? 0, new KeyValuePair<string, object?>("state", PeerJson.StateName(state)));
        }
    }
}
