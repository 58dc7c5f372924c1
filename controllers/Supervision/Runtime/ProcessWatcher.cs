using System.Runtime.InteropServices;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Watches processes through pidfds on one thread blocked in <c>poll</c>, so it works the same for
/// our own children and for processes adopted from a previous supervisor (which are not our
/// children). For a child, the exit status is read (and the child reaped) with
/// <c>waitid(P_PIDFD)</c>, after SIGKILLing its process group so nothing of the container is left
/// behind; an adopted process's status is not available to us and is reported as unknown.
/// </summary>
internal sealed unsafe class ProcessWatcher : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Watched> _watched = [];
    private readonly int _wake;
    private readonly Thread _thread;
    private volatile bool _disposed;

    public ProcessWatcher()
    {
        _wake = LinuxNative.eventfd(0, LinuxNative.OCloExec);
        if (_wake < 0)
        {
            throw new IOException($"eventfd failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "verwalter-supervisor-pidfd" };
        _thread.Start();
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _watched.Count;
            }
        }
    }

    /// <summary>Starts watching; <paramref name="exited"/> runs on the watcher thread once the process has exited.</summary>
    /// <returns>False when the process is already gone (no pidfd could be opened).</returns>
    public bool Watch(int pid, bool isChild, Action<int?, int?> exited)
    {
        var pidfd = LinuxNative.PidfdOpen(pid);
        if (pidfd < 0)
        {
            return false;
        }

        lock (_lock)
        {
            _watched[pidfd] = new Watched(pid, pidfd, isChild, exited);
        }

        Wake();
        return true;
    }

    /// <summary>Sends a signal through the pidfd of a watched process (never to a reused pid).</summary>
    public bool Signal(int pid, int signal)
    {
        lock (_lock)
        {
            foreach (var w in _watched.Values)
            {
                if (w.Pid == pid)
                {
                    return LinuxNative.PidfdSendSignal(w.PidFd, signal) == 0;
                }
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Wake();
        _thread.Join(TimeSpan.FromSeconds(5));
        lock (_lock)
        {
            foreach (var w in _watched.Values)
            {
                _ = LinuxNative.close(w.PidFd);
            }

            _watched.Clear();
        }

        _ = LinuxNative.close(_wake);
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LinuxNative.write(_wake, &one, sizeof(ulong));
    }

    private void Run()
    {
        var fds = new LinuxNative.PollFd[16];
        var order = new Watched[16];
        while (!_disposed)
        {
            int count;
            lock (_lock)
            {
                count = _watched.Count + 1;
                if (fds.Length < count)
                {
                    fds = new LinuxNative.PollFd[count * 2];
                    order = new Watched[count * 2];
                }

                fds[0] = new LinuxNative.PollFd { Fd = _wake, Events = LinuxNative.PollIn };
                var i = 1;
                foreach (var w in _watched.Values)
                {
                    order[i] = w;
                    fds[i++] = new LinuxNative.PollFd { Fd = w.PidFd, Events = LinuxNative.PollIn };
                }
            }

            int ready;
            fixed (LinuxNative.PollFd* pointer = fds)
            {
                ready = LinuxNative.poll(pointer, (ulong)count, -1);
            }

            if (ready <= 0)
            {
                continue;
            }

            if (fds[0].Revents != 0)
            {
                ulong value;
                _ = LinuxNative.read(_wake, &value, sizeof(ulong));
            }

            for (var i = 1; i < count; i++)
            {
                if (fds[i].Revents != 0)
                {
                    Finish(order[i]);
                }
            }
        }
    }

    private void Finish(Watched watched)
    {
        int? code = null;
        int? signal = null;
        if (watched.IsChild)
        {
            // Still a zombie, so its pid (and process group id) cannot have been reused yet.
            _ = LinuxNative.kill(-watched.Pid, LinuxNative.SigKill);
            var info = stackalloc byte[128];
            if (LinuxNative.waitid(LinuxNative.PPidFd, watched.PidFd, info, LinuxNative.WExited) == 0)
            {
                var reason = *(int*)(info + 8);
                var status = *(int*)(info + 24);
                if (reason == 1)
                {
                    code = status;
                }
                else
                {
                    signal = status;
                }
            }
        }

        lock (_lock)
        {
            _watched.Remove(watched.PidFd);
        }

        _ = LinuxNative.close(watched.PidFd);
        watched.Exited(code, signal);
    }

    private sealed record Watched(int Pid, int PidFd, bool IsChild, Action<int?, int?> Exited);
}
