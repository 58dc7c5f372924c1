using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The supervisor's listening sockets (spec B.4.4, host network): one per (host, port), shared by
/// every instance that names the address, even across sandboxes; each instance gets it on its own
/// fd. An instance holds its addresses from its start until it is released (retired, scaled away or
/// stopped), across its restarts, so the port keeps accepting while the instance is down; a socket
/// is closed as soon as no instance holds it. Options are those of the first bind. Sockets of an
/// adopted container are taken back from its processes with <c>pidfd_getfd</c>.
/// </summary>
internal sealed partial class HostSockets(ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Host, int Port), int> _open = [];
    private readonly Dictionary<InstanceKey, ImmutableHashSet<(string Host, int Port)>> _held = [];

    /// <summary>
    /// Makes <paramref name="key"/> hold exactly <paramref name="sockets"/>' addresses, binding the
    /// missing ones, and returns (container fd, supervisor fd) pairs to hand over. When one cannot
    /// be bound nothing changes (sockets bound by this call are closed again).
    /// </summary>
    /// <exception cref="IOException">An address could not be bound; the message names it.</exception>
    public IReadOnlyList<(int Target, int Source)> Use(InstanceKey key, ImmutableArray<SocketBinding> sockets)
    {
        lock (_gate)
        {
            var fresh = new List<(string, int)>();
            try
            {
                foreach (var socket in sockets)
                {
                    // The same address may be named on two fds: one socket, bound once.
                    if (!_open.ContainsKey(socket.Key))
                    {
                        _open[socket.Key] = HostSocket.Listen(socket);
                        fresh.Add(socket.Key);
                        LogBound(socket.Address, key);
                    }
                }
            }
            catch (IOException)
            {
                foreach (var address in fresh)
                {
                    HostSocket.Close(_open[address]);
                    _open.Remove(address);
                }

                throw;
            }

            Hold(key, [.. sockets.Select(s => s.Key)]);
            return [.. sockets.Select(s => (s.Fd, _open[s.Key]))];
        }
    }

    /// <summary>
    /// An adopted instance holds <paramref name="sockets"/>' addresses; an address not open here yet
    /// is taken from the first of <paramref name="pids"/> that has it on the recorded fd. A socket
    /// that cannot be taken is reported; a later start of an instance on that address binds afresh
    /// (which fails while the adopted container still listens there).
    /// </summary>
    public void Adopt(InstanceKey key, IReadOnlyList<RecordedSocket> sockets, IReadOnlyList<int> pids)
    {
        lock (_gate)
        {
            foreach (var socket in sockets)
            {
                var address = (SocketBinding.Canonical(socket.Host), socket.Port);
                var described = SocketBinding.Describe(socket.Host, socket.Port);
                if (_open.ContainsKey(address))
                {
                    continue;
                }

                var reasons = new List<string>();
                foreach (var pid in pids)
                {
                    var fd = HostSocket.Take(pid, socket.Fd, socket.Host, socket.Port, out var reason);
                    if (fd >= 0)
                    {
                        _open[address] = fd;
                        LogRecovered(described, key, pid, socket.Fd);
                        break;
                    }

                    reasons.Add(reason!);
                }

                if (!_open.ContainsKey(address))
                {
                    var why = reasons.Count == 0 ? "no process of the container found" : string.Join("; ", reasons);
                    LogNotRecovered(described, key, why);
                }
            }

            Hold(key, [.. sockets.Select(s => (SocketBinding.Canonical(s.Host), s.Port))]);
        }
    }

    /// <summary>The instance holds no socket any more; sockets nobody holds are closed.</summary>
    public void Release(InstanceKey key)
    {
        lock (_gate)
        {
            Hold(key, []);
        }
    }

    /// <summary>The addresses open now, for tests and the log.</summary>
    public IReadOnlyList<string> OpenAddresses()
    {
        lock (_gate)
        {
            return [.. _open.Keys.Select(a => SocketBinding.Describe(a.Host, a.Port)).Order(StringComparer.Ordinal)];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var fd in _open.Values)
            {
                HostSocket.Close(fd);
            }

            _open.Clear();
            _held.Clear();
        }
    }

    private void Hold(InstanceKey key, ImmutableHashSet<(string Host, int Port)> addresses)
    {
        var before = _held.GetValueOrDefault(key) ?? [];
        if (addresses.IsEmpty)
        {
            _held.Remove(key);
        }
        else
        {
            _held[key] = addresses;
        }

        foreach (var address in before.Except(addresses))
        {
            if (!_held.Values.Any(h => h.Contains(address)) && _open.Remove(address, out var fd))
            {
                HostSocket.Close(fd);
                var described = SocketBinding.Describe(address.Host, address.Port);
                LogClosed(described);
            }
        }
    }

    [LoggerMessage(EventId = 1560, Level = LogLevel.Information, Message = "Listening on {Address} for {Instance} (shared by every instance on that address)")]
    private partial void LogBound(string address, InstanceKey instance);

    [LoggerMessage(EventId = 1561, Level = LogLevel.Information, Message = "Closed {Address}: no instance uses it any more")]
    private partial void LogClosed(string address);

    [LoggerMessage(EventId = 1562, Level = LogLevel.Information, Message = "Adoption: took back the listening socket {Address} of {Instance} from pid {Pid} fd {Fd}")]
    private partial void LogRecovered(string address, InstanceKey instance, int pid, int fd);

    [LoggerMessage(EventId = 1563, Level = LogLevel.Warning, Message = "Adoption: could not take back the listening socket {Address} of {Instance} ({Reason}); its next start binds afresh, which fails while another process listens there")]
    private partial void LogNotRecovered(string address, InstanceKey instance, string reason);
}
