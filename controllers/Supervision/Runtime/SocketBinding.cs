using System.Globalization;
using System.Net;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// One listening socket an instance gets on descriptor <see cref="Fd"/>: an explicit
/// <c>tcp-ports</c> entry or a systemd-activation variable. The options only matter to whichever
/// instance binds the address first (spec B.4.4: fixed at the first bind).
/// </summary>
internal sealed record SocketBinding(int Fd, string Host, int Port, int Backlog, bool ReuseAddr, bool ReusePort, bool NonBlock)
{
    /// <summary><c>host:port</c> (<c>[v6]:port</c>), as the errors and the log name it.</summary>
    public string Address => Describe(Host, Port);

    /// <summary>The shared-socket key: the address in canonical form, so <c>::0</c> and <c>::</c> are one socket.</summary>
    public (string Host, int Port) Key => (Canonical(Host), Port);

    public static string Describe(string host, int port) => host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}")
        : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");

    public static string Canonical(string host) => IPAddress.TryParse(host, out var ip) ? ip.ToString() : host;
}
