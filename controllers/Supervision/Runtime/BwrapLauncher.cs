using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The real launcher: the prlimit → setpriv → bwrap chain from <see cref="BwrapCommandBuilder"/>,
/// spawned in its own session by <see cref="ProcessSpawner"/>, watched by pidfd, recorded in the
/// runtime dir for adoption. Stop is SIGTERM to the command (the child of bwrap's init inside
/// the PID namespace, as lithos's knot forwards it to its one child); kill is SIGKILL to the
/// session's process group, which takes bwrap's init and with it the whole PID namespace. With
/// cgroups on, the chain joins the instance's groups first (<see cref="CgroupJoin"/>). bwrap's
/// JSON status file, next to the instance record, gives the init pid (for SIGTERM) and, for an
/// adopted sandbox that is not our child, the exit code. Listening sockets (<c>tcp-ports</c>,
/// systemd activation) come from <see cref="HostSockets"/>, are handed over as inherited
/// descriptors, recorded with the instance, and taken back from an adopted container's command.
/// </summary>
internal sealed partial class BwrapLauncher(BwrapTools tools, CgroupSupport cgroups, ILogger<BwrapLauncher> logger) : IProcessLauncher, IDisposable
{
    private readonly ProcessWatcher _watcher = new();
    private readonly ConcurrentDictionary<string, InstanceRecordStore> _stores = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<RunningProcess, string> _statusFiles = [];
    private readonly HostSockets _sockets = new(logger);

    public RunningProcess Start(MasterConfig master, SandboxDefinition sandbox, DesiredInstance instance, DateTimeOffset now, Action<RunningProcess> exited)
    {
        if (tools.Missing() is { } missing)
        {
            throw new IOException($"{missing} is missing; the supervisor needs util-linux (prlimit, setpriv) and bubblewrap");
        }

        var spec = BwrapCommandBuilder.Build(master, sandbox, instance, tools);
        foreach (var dir in spec.Directories)
        {
            CreateDirectory(dir);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(spec.OutputPath)!);
        var store = Store(master);
        var statusPath = store.StatusPathOf(instance.Key);
        Directory.CreateDirectory(Path.GetDirectoryName(statusPath)!);
        var descriptors = _sockets.Use(instance.Key, spec.Sockets);
        var procs = cgroups.For(master).Prepare(instance.Key, instance.Container.Config);
        var pid = procs.IsEmpty
            ? ProcessSpawner.Spawn(spec.Program, spec.Arguments, [], spec.OutputPath, statusPath, spec.StatusFd, descriptors)
            : ProcessSpawner.Spawn(CgroupJoin.Shell, CgroupJoin.Wrap(procs, spec.Arguments), [], spec.OutputPath, statusPath, spec.StatusFd, descriptors);
        var stat = ProcStat.Read(pid);
        var process = new RunningProcess(instance.Key, pid, instance.Identity, instance.Container.Config.KillTimeout, now, adopted: false);
        store.Write(instance.Key, new InstanceRecord(
            instance.Key.ToString(), pid, stat?.StartTime ?? 0, now, instance.Identity.ToJson(),
            (long)instance.Container.Config.KillTimeout.TotalMilliseconds, (long)instance.Container.Config.RestartTimeout.TotalMilliseconds,
            spec.Sockets.IsEmpty ? null : [.. spec.Sockets.Select(s => new RecordedSocket(s.Fd, s.Host, s.Port))]));
        Watch(process, isChild: true, statusPath, exited);
        return process;
    }

    public void Terminate(RunningProcess process)
    {
        var commands = Commands(process);
        if (commands.Count == 0)
        {
            // Not started far enough to have a command: nothing inside can shut down gracefully.
            LogKillEarly(process.Key, process.Pid);
            Kill(process);
            return;
        }

        foreach (var command in commands)
        {
            _ = LinuxNative.kill(command, LinuxNative.SigTerm);
        }
    }

    public void Kill(RunningProcess process)
    {
        // The process group is the session bwrap leads; pidfd first, so a reused pid is never hit.
        if (_watcher.Signal(process.Pid, LinuxNative.SigKill))
        {
            _ = LinuxNative.kill(-process.Pid, LinuxNative.SigKill);
        }
    }

    public Recovery Recover(MasterConfig master, DateTimeOffset now, Action<RunningProcess> exited)
    {
        var store = Store(master);
        var adopted = new List<RunningProcess>();
        var corrupt = new List<CorruptRecord>();
        foreach (var (key, record) in store.ReadAll(now, corrupt))
        {
            var stat = ProcStat.Read(record.Pid);
            if (stat is not { IsZombie: false } alive || alive.StartTime != record.StartTimeTicks || alive.Session != record.Pid)
            {
                LogStaleRecord(key, record.Pid);
                store.Delete(key);
                continue;
            }

            var identity = InstanceIdentityJson.Parse(record.Identity);
            if (identity is null)
            {
                // The process is alive but the record cannot say what it runs: keep the evidence.
                corrupt.Add(InstanceRecordStore.MoveAside(store.PathOf(key), "its identity does not parse", now));
                continue;
            }

            var process = new RunningProcess(key, record.Pid, identity, TimeSpan.FromMilliseconds(record.KillTimeoutMs), record.StartedAt, adopted: true);
            if (Watch(process, isChild: false, store.StatusPathOf(key), exited))
            {
                adopted.Add(process);
                if (record.Sockets is { Count: > 0 } sockets)
                {
                    // Only the command still holds them: bwrap and its init close inherited descriptors.
                    _sockets.Adopt(key, sockets, [.. Commands(process), process.Pid]);
                }
            }
            else
            {
                store.Delete(key);
            }
        }

        foreach (var bad in corrupt)
        {
            LogCorruptRecord(bad.File, bad.MovedTo ?? "(left in place)", bad.Reason);
        }

        return new Recovery(adopted, corrupt);
    }

    public void Forget(MasterConfig master, RunningProcess process) => Store(master).Delete(process.Key);

    public bool Release(MasterConfig master, InstanceKey key)
    {
        _sockets.Release(key);
        return cgroups.For(master).Remove(key);
    }

    public void RemoveStale(MasterConfig master, IReadOnlySet<InstanceKey> keep) => cgroups.For(master).RemoveStale(keep);

    public string DescribeCgroups(MasterConfig master) => cgroups.For(master).Description;

    public void Dispose()
    {
        _watcher.Dispose();
        _sockets.Dispose();
    }

    private bool Watch(RunningProcess process, bool isChild, string statusPath, Action<RunningProcess> exited)
    {
        _statusFiles.AddOrUpdate(process, statusPath);
        return _watcher.Watch(process.Pid, isChild, (code, signal) =>
        {
            if (code is null && signal is null)
            {
                // Adopted, so not our child: bwrap's last words in its status file, if it got to write them.
                code = BwrapStatus.Read(statusPath).ExitCode;
                LogAdoptedExit(process.Key, process.Pid, code);
            }

            // bwrap reports a command killed by signal N as exit code 128 + N.
            var exit = code is > 128 and < 160 ? new ProcessExit(default, null, code - 128) : new ProcessExit(default, code, signal);
            if (process.MarkExited(exit))
            {
                exited(process);
            }
        });
    }

    /// <summary>
    /// The command(s) inside the sandbox: the children of bwrap's init, whose pid bwrap wrote to the
    /// status file (checked to still be a child of the supervised pid); without it, found by a scan of /proc.
    /// </summary>
    private List<int> Commands(RunningProcess process)
    {
        if (_statusFiles.TryGetValue(process, out var statusPath)
            && BwrapStatus.Read(statusPath).ChildPid is { } init
            && ProcStat.Read(init) is { IsZombie: false } stat && stat.ParentPid == process.Pid)
        {
            try
            {
                var children = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{init}/task/{init}/children"));
                return [.. children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Fall back to the scan.
            }
        }

        var table = ProcStat.All();
        var scanned = table.FirstOrDefault(p => p.ParentPid == process.Pid);
        return scanned.Pid == 0 ? [] : [.. table.Where(p => p.ParentPid == scanned.Pid).Select(p => p.Pid)];
    }

    private InstanceRecordStore Store(MasterConfig master) => _stores.GetOrAdd(master.RuntimeDir, dir => new InstanceRecordStore(dir));

    private static void CreateDirectory(DirectoryToCreate dir)
    {
        if (Directory.Exists(dir.Path))
        {
            return;
        }

        Directory.CreateDirectory(dir.Path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.Path, (UnixFileMode)(dir.Mode & 0xFFF));
        }

        if (LinuxNative.chown(dir.Path, (int)dir.User, (int)dir.Group) != 0)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot chown {dir.Path} to {dir.User}:{dir.Group}"));
        }
    }

    [LoggerMessage(EventId = 1540, Level = LogLevel.Information, Message = "Adoption: record of {Instance} names pid {Pid}, which is gone or is another process; dropping it")]
    private partial void LogStaleRecord(InstanceKey instance, int pid);

    [LoggerMessage(EventId = 1543, Level = LogLevel.Error, Message = "Adoption record {File} cannot be parsed ({Reason}); moved aside to {MovedTo}, the process it described is not adopted")]
    private partial void LogCorruptRecord(string file, string movedTo, string reason);

    [LoggerMessage(EventId = 1542, Level = LogLevel.Debug, Message = "Adopted {Instance} (pid {Pid}) exited; bwrap's status file gives exit code {Code} (none: unknown)")]
    private partial void LogAdoptedExit(InstanceKey instance, int pid, int? code);

    [LoggerMessage(EventId = 1541, Level = LogLevel.Warning, Message = "Instance {Instance} (pid {Pid}) has no command running yet; killing its sandbox instead of SIGTERM")]
    private partial void LogKillEarly(InstanceKey instance, int pid);
}
