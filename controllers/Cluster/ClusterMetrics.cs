using System.Diagnostics.Metrics;

namespace Verwalter.Cluster;

/// <summary>Instruments of the cluster transport on the shared <c>Verwalter</c> meter.</summary>
internal sealed class ClusterMetrics
{
    public const string MeterName = "Verwalter";
    public const string DroppedName = "verwalter_cluster_packets_dropped_total";
    public const string ReceivedName = "verwalter_cluster_packets_received_total";
    public const string SentName = "verwalter_cluster_packets_sent_total";
    public const string SocketErrorsName = "verwalter_cluster_socket_errors_total";

    private readonly Counter<long> _dropped;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _errors;

    public ClusterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _dropped = meter.CreateCounter<long>(DroppedName, description: "Received datagrams dropped by the cluster transport, by reason.");
        _received = meter.CreateCounter<long>(ReceivedName, description: "Datagrams accepted by the cluster transport, by channel.");
        _sent = meter.CreateCounter<long>(SentName, description: "Datagrams sent by the cluster transport, by channel.");
        _errors = meter.CreateCounter<long>(SocketErrorsName, description: "Socket errors of the cluster transport, by operation (send, receive).");
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            _dropped.Add(0, Tag("reason", ReasonName(reason)));
        }

        foreach (var channel in Enum.GetValues<ClusterChannel>())
        {
            _received.Add(0, Tag("channel", ChannelName(channel)));
            _sent.Add(0, Tag("channel", ChannelName(channel)));
        }

        _errors.Add(0, Tag("operation", "send"));
        _errors.Add(0, Tag("operation", "receive"));
    }

    public void Dropped(DropReason reason) => _dropped.Add(1, Tag("reason", ReasonName(reason)));

    public void Received(ClusterChannel channel) => _received.Add(1, Tag("channel", ChannelName(channel)));

    public void Sent(ClusterChannel channel) => _sent.Add(1, Tag("channel", ChannelName(channel)));

    public void SocketError(string operation) => _errors.Add(1, Tag("operation", operation));

    public static string ReasonName(DropReason reason) => reason switch
    {
        DropReason.Oversized => "oversized",
        DropReason.Truncated => "truncated",
        DropReason.UnknownChannel => "unknown_channel",
        DropReason.BadTag => "bad_tag",
        DropReason.Stale => "stale",
        DropReason.Replay => "replay",
        DropReason.RateLimited => "rate_limited",
        _ => "queue_full",
    };

    public static string ChannelName(ClusterChannel channel) => channel == ClusterChannel.Gossip ? "gossip" : "election";

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
