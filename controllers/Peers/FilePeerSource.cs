using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using YamlDotNet.Core;

namespace Verwalter.Peers;

/// <summary>
/// Peers from a static file (<c>--peers-file</c>, a JSON or YAML list of <c>{id, addr, hostname, name}</c>),
/// re-read when its modification time or length changes (checked every second). A file that does not
/// parse keeps the last good list; the error is logged and counted.
/// </summary>
internal sealed partial class FilePeerSource(
    PeerSourceSettings settings,
    NodeIdentity node,
    SnapshotPublisher<PeerSet> peers,
    PeersMetrics metrics,
    TimeProvider time,
    ILogger<FilePeerSource> logger) : BackgroundService, IPeerSource, IControllerLoop
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path = settings.PeersFile ?? throw new ArgumentException("no peers file", nameof(settings));
    private readonly Dictionary<string, DateTimeOffset> _knownSince = new(StringComparer.Ordinal);
    private (DateTime Modified, long Length)? _seen;
    private long _version;
    private string? _rejected;

    public string Kind => "file";

    public string Name => GossipPeerSource.LoopName;

    /// <summary>A check that finds the file readable (changed or not) is a success; a rejected file an error until it is fixed.</summary>
    public ControllerStatus Status { get; } = new(GossipPeerSource.LoopName);

    public int? QueueDepth => null;

    public ValueTask<string?> AddHostAsync(IPEndPoint address, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>($"peers come from the peers file {_path}; add the host there");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        peers.Publish(PeerSet.Empty(node.Id));
        while (!stoppingToken.IsCancellationRequested)
        {
            ReloadIfChanged();
            await Task.Delay(CheckInterval, time, stoppingToken);
        }
    }

    /// <summary>Reads the file when it changed since the last call; true when a new list was published.</summary>
    internal bool ReloadIfChanged()
    {
        try
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                throw new FileNotFoundException($"{_path} does not exist");
            }

            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (_seen == stamp)
            {
                if (_rejected is null)
                {
                    Status.RecordSuccess(time.GetUtcNow());
                }

                return false;
            }

            var text = File.ReadAllText(_path);
            var now = time.GetUtcNow();
            var members = ExternalPeerParser.FromFile(YamlToJson.ConvertFirstDocument(text), node.Id, _knownSince, now);
            foreach (var member in members)
            {
                _knownSince.TryAdd(member.Id, member.KnownSince);
            }

            _seen = stamp;
            _rejected = null;
            Status.RecordSuccess(now);
            peers.Publish(new PeerSet(++_version, node.Id, members));
            LogLoaded(_path, members.Length);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or YamlException)
        {
            metrics.SourceError();
            _rejected = ex.Message;
            var failedAt = time.GetUtcNow();
            Status.RecordFailure(failedAt, ex.Message, failedAt + CheckInterval);
            var stamp = File.Exists(_path) ? (File.GetLastWriteTimeUtc(_path), new FileInfo(_path).Length) : (DateTime.MinValue, -1L);
            if (_seen != stamp)
            {
                _seen = stamp;
                LogRejected(_path, ex.Message);
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 2635, Level = LogLevel.Information, Message = "Loaded {Count} peers from {Path}")]
    private partial void LogLoaded(string path, int count);

    [LoggerMessage(EventId = 2636, Level = LogLevel.Error, Message = "Peers file {Path} rejected, keeping the last good list: {Reason}")]
    private partial void LogRejected(string path, string reason);
}
