using System.Buffers;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Verwalter.Cluster;

/// <summary>
/// The daemon's <see cref="IClusterTransport"/>: one UDP socket on the HTTP host and port. The
/// socket is bound in the constructor (so a taken port fails the daemon's start); the receive loop
/// is this service's <see cref="ExecuteAsync"/>. Every received datagram passes, in order, the
/// per-source rate limit, the size and framing checks, the tag and the replay check
/// (<see cref="ClusterFrame"/>, <see cref="ReplayGuard"/>); a failure drops it and counts the
/// reason. Socket errors are counted and logged at Debug, never thrown.
/// </summary>
internal sealed partial class UdpClusterTransport : BackgroundService, IClusterTransport
{
    private const int ReceiveBufferSize = 65536;
    private readonly Socket _socket;
    private readonly ClusterTransportOptions _options;
    private readonly byte[]? _key;
    private readonly ClusterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<UdpClusterTransport> _logger;
    private readonly Dictionary<ClusterChannel, Channel<ClusterPacket>> _channels = [];
    private readonly SourceRateLimiter _limiter;
    private readonly ReplayGuard _replay;
    private readonly ulong _sender = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private long _sequence;

    /// <exception cref="IOException">The UDP port cannot be bound.</exception>
    public UdpClusterTransport(
        ClusterBinding binding,
        IOptions<ClusterTransportOptions> options,
        ClusterMetrics metrics,
        TimeProvider time,
        ILogger<UdpClusterTransport> logger)
    {
        _options = options.Value;
        _key = binding.Key;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _limiter = new SourceRateLimiter(_options.PacketsPerSecond, _options.Burst, _options.MaxSources, time.TimestampFrequency);
        _replay = new ReplayGuard(_options.ReplayWindow);
        foreach (var channel in Enum.GetValues<ClusterChannel>())
        {
            _channels[channel] = Channel.CreateBounded<ClusterPacket>(
                new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => _metrics.Dropped(DropReason.QueueFull));
        }

        _socket = new Socket(binding.Bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(binding.Bind);
        }
        catch (SocketException ex)
        {
            _socket.Dispose();
            throw new IOException($"cannot bind UDP {binding.Bind}: {ex.Message}", ex);
        }

        var bound = (IPEndPoint)_socket.LocalEndPoint!;
        LocalEndPoint = new IPEndPoint(Advertised(bound.Address), bound.Port);
        LogBound(bound, LocalEndPoint, _key is not null);
    }

    public IPEndPoint LocalEndPoint { get; }

    public ChannelReader<ClusterPacket> Incoming(ClusterChannel channel) => _channels[channel].Reader;

    public async ValueTask SendAsync(ClusterChannel channel, IPEndPoint to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty || payload.Length > _options.MaxPayloadBytes)
        {
            _metrics.SocketError("send");
            LogOversizedSend(payload.Length, _options.MaxPayloadBytes);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length + ClusterFrame.KeyedOverhead);
        try
        {
            var header = new FrameHeader(_sender, (ulong)Interlocked.Increment(ref _sequence), _time.GetUtcNow().ToUnixTimeMilliseconds());
            var length = ClusterFrame.Write(buffer, channel, payload.Span, _key, header);
            await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
            _metrics.Sent(channel);
        }
        catch (SocketException ex)
        {
            _metrics.SocketError("send");
            LogSendFailed(to, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the datagram is lost like any other.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[ReceiveBufferSize];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var consecutiveErrors = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                consecutiveErrors = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _metrics.SocketError("receive");
                LogReceiveFailed(ex.SocketErrorCode);
                if (++consecutiveErrors >= 10)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), _time, stoppingToken).ConfigureAwait(false);
                }

                continue;
            }

            Accept(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
    }

    /// <summary>One received datagram through the checks into its channel (called only from the receive loop).</summary>
    internal void Accept(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!_limiter.TryAcquire(from.Address, _time.GetTimestamp()))
        {
            _metrics.Dropped(DropReason.RateLimited);
            return;
        }

        var reason = ClusterFrame.Read(datagram, _key, _options.MaxPayloadBytes, out var channel, out var header, out var payload);
        var now = _time.GetUtcNow();
        if (reason is null && _key is not null)
        {
            reason = _replay.Check(header, now.ToUnixTimeMilliseconds());
        }

        if (reason is { } drop)
        {
            _metrics.Dropped(drop);
            LogDropped(from, drop);
            return;
        }

        _channels[channel].Writer.TryWrite(new ClusterPacket(from, datagram[payload].ToArray(), now));
        _metrics.Received(channel);
    }

    public override void Dispose()
    {
        _socket.Dispose();
        base.Dispose();
    }

    /// <summary>The address peers reach us at: the bound one, or for a wildcard bind the first up, non-loopback IPv4 address.</summary>
    private static IPAddress Advertised(IPAddress bound)
    {
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return bound;
        }

        var candidate = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return candidate ?? IPAddress.Loopback;
    }

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Cluster transport bound to UDP {Bound}, advertised as {Advertised} (cluster key: {Keyed})")]
    private partial void LogBound(IPEndPoint bound, IPEndPoint advertised, bool keyed);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "Dropped datagram from {From}: {Reason}")]
    private partial void LogDropped(IPEndPoint from, DropReason reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Debug, Message = "Sending to {To} failed: {Error}")]
    private partial void LogSendFailed(IPEndPoint to, SocketError error);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Debug, Message = "Receiving failed: {Error}")]
    private partial void LogReceiveFailed(SocketError error);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Warning, Message = "Refused to send a payload of {Length} bytes (limit {Limit})")]
    private partial void LogOversizedSend(int length, int limit);
}
