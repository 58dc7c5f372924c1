using System.Net;
using Verwalter.Cluster;
using Verwalter.Peers;

namespace Verwalter.Api.Hosting;

/// <summary>
/// The daemon's cluster options as given (<c>--join</c>, <c>--cluster-key-file</c>, <c>--cantal-url</c>,
/// <c>--peers-file</c>); <see cref="Load"/> reads the key and resolves the seeds before the host is built.
/// </summary>
internal sealed record ClusterSettings(IReadOnlyList<string> Join, string? ClusterKeyFile, Uri? CantalUrl, string? PeersFile)
{
    public static ClusterSettings None { get; } = new([], null, null, null);

    /// <summary>The cluster key's bytes once <see cref="Load"/> ran; null without a key file.</summary>
    public byte[]? Key { get; init; }

    /// <exception cref="IOException">The key file cannot be read or is empty (the message names it).</exception>
    /// <exception cref="FormatException">A <c>--join</c> address is not host:port or does not resolve.</exception>
    public ClusterSettings Load() => this with
    {
        Key = ClusterKeyFile is null ? null : ClusterKey.Load(ClusterKeyFile),
        Join = [.. Join.Select(ResolveSeed)],
    };

    public ClusterBinding Binding(IPEndPoint bind) => new(bind, Key);

    public PeerSourceSettings PeerSource(int daemonPort, string storageDir) => new(Join, CantalUrl, PeersFile, daemonPort) { StorageDir = storageDir };

    private static string ResolveSeed(string seed)
    {
        if (IPEndPoint.TryParse(seed, out var endpoint) && endpoint.Port > 0 && seed.Contains(':', StringComparison.Ordinal))
        {
            return endpoint.ToString();
        }

        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"--join {seed}: expected host:port");
        }

        try
        {
            var address = Dns.GetHostAddresses(seed[..colon]).FirstOrDefault()
                ?? throw new FormatException($"--join {seed}: the host name has no address");
            return new IPEndPoint(address, port).ToString();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new FormatException($"--join {seed}: cannot resolve {seed[..colon]}: {ex.Message}", ex);
        }
    }
}
