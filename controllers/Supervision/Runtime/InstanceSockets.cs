using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Which listening sockets an instance gets on which descriptors (pure). Systemd activation first
/// (spec B.2.5): each <c>!TcpPort {activation: systemd}</c> variable, in alphabetical order of name,
/// gets fd 3, 4, … bound to <c>0.0.0.0:&lt;value&gt;</c> with the default options, announced by
/// <c>LISTEN_FDS</c>, <c>LISTEN_FDNAMES</c> and <c>LISTEN_PID</c>; then every <c>tcp-ports</c> entry
/// on its own <c>fd</c> (validation keeps those off the activation fds and off 1 and 2).
/// </summary>
internal static class InstanceSockets
{
    public const int FirstActivationFd = 3;

    private static readonly TcpPortConfig Defaults = new(0, "0.0.0.0", 128, ReuseAddr: true, ReusePort: false, SetNonBlock: false, External: false);

    public static ImmutableArray<SocketBinding> Of(ResolvedContainer container)
    {
        var sockets = ImmutableArray.CreateBuilder<SocketBinding>();
        var fd = FirstActivationFd;
        foreach (var (_, port) in container.ActivationPorts)
        {
            sockets.Add(Binding(fd++, port, Defaults));
        }

        foreach (var (port, config) in container.TcpPorts)
        {
            sockets.Add(Binding(config.Fd, port, config));
        }

        return sockets.ToImmutable();
    }

    /// <summary>
    /// Where bwrap's <c>--json-status-fd</c> goes: above stdio and every socket of the instance, so a
    /// socket on fd 3 (the first activation fd) does not clash with it. bwrap closes it before the
    /// command starts.
    /// </summary>
    public static int StatusFd(ImmutableArray<SocketBinding> sockets) => Math.Max(2, sockets.IsEmpty ? 0 : sockets.Max(s => s.Fd)) + 1;

    /// <summary>
    /// <c>LISTEN_FDS</c>, <c>LISTEN_FDNAMES</c> and <c>LISTEN_PID</c> (the command's pid inside
    /// bwrap's PID namespace, <paramref name="commandPid"/>) when the container uses activation.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> ActivationEnvironment(ResolvedContainer container, string commandPid)
    {
        if (container.ActivationPorts.IsEmpty)
        {
            yield break;
        }

        yield return KeyValuePair.Create("LISTEN_FDS", container.ActivationPorts.Count.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create("LISTEN_FDNAMES", string.Join(':', container.ActivationPorts.Keys));
        yield return KeyValuePair.Create("LISTEN_PID", commandPid);
    }

    private static SocketBinding Binding(int fd, int port, TcpPortConfig config) =>
        new(fd, config.Host, port, config.ListenBacklog, config.ReuseAddr, config.ReusePort, config.SetNonBlock);
}
