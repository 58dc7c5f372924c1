using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The real launcher: the prlimit → setpriv → bwrap chain from <see cref="BwrapCommandBuilder"/>,
/// spawned in its own session by <see cref="ProcessSpawner"/>, watched by pidfd, recorded in the
/// runtime dir for adoption. Stop is SIGTERM to the command (the child of bwrap's init inside
/// the PID namespace, as lithos's knot forwards it to its one child); kill is SIGKILL to the
/// session's process group, which takes bwrap's init and with it the whole PID namespace.
/// </summary>
internal sealed partial class BwrapLauncher(BwrapTools tools, ILogger<BwrapLauncher> logger) : IProcessLauncher, IDisposable
{
    private readonly ProcessWatcher _watcher = new();
    private readonly ConcurrentDictionary<string, InstanceRecordStore> _stores = new(StringComparer.Ordinal);

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
        var pid = ProcessSpawner.Spawn(spec.Program, spec.Arguments, [], spec.OutputPath);
        var stat = ProcStat.Read(pid);
        var process = new RunningProcess(instance.Key, pid, instance.Identity, instance.Container.Config.KillTimeout, now, adopted: false);
        Store(master).Write(instance.Key, new InstanceRecord(
            instance.Key.ToString(), pid, stat?.StartTime ?? 0, now, instance.Identity.ToJson(),
            (long)instance.Container.Config.KillTimeout.TotalMilliseconds, (long)instance.Container.Config.RestartTimeout.TotalMilliseconds));
        Watch(process, isChild: true, exited);
        return process;
    }

    public void Terminate(RunningProcess process)
    {
        var table = ProcStat.All();
        var init = table.FirstOrDefault(p => p.ParentPid == process.Pid);
        var commands = init.Pid == 0 ? [] : table.Where(p => p.ParentPid == init.Pid).ToList();
        if (commands.Count == 0)
        {
            // Not started far enough to have a command: nothing inside can shut down gracefully.
            LogKillEarly(process.Key, process.Pid);
            Kill(process);
            return;
        }

        foreach (var command in commands)
        {
            _ = LinuxNative.kill(command.Pid, LinuxNative.SigTerm);
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

    public IReadOnlyList<RunningProcess> Recover(MasterConfig master, DateTimeOffset now, Action<RunningProcess> exited)
    {
        var store = Store(master);
        var adopted = new List<RunningProcess>();
        foreach (var (key, record) in store.ReadAll())
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
                LogStaleRecord(key, record.Pid);
                store.Delete(key);
                continue;
            }

            var process = new RunningProcess(key, record.Pid, identity, TimeSpan.FromMilliseconds(record.KillTimeoutMs), record.StartedAt, adopted: true);
            if (Watch(process, isChild: false, exited))
            {
                adopted.Add(process);
            }
            else
            {
                store.Delete(key);
            }
        }

        return adopted;
    }

    public void Forget(MasterConfig master, RunningProcess process) => Store(master).Delete(process.Key);

    public void Dispose() => _watcher.Dispose();

    private bool Watch(RunningProcess process, bool isChild, Action<RunningProcess> exited) =>
        _watcher.Watch(process.Pid, isChild, (code, signal) =>
        {
            // bwrap reports a command killed by signal N as exit code 128 + N.
            var exit = code is > 128 and < 160 ? new ProcessExit(default, null, code - 128) : new ProcessExit(default, code, signal);
            if (process.MarkExited(exit))
            {
                exited(process);
            }
        });

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

    [LoggerMessage(EventId = 1541, Level = LogLevel.Warning, Message = "Instance {Instance} (pid {Pid}) has no command running yet; killing its sandbox instead of SIGTERM")]
    private partial void LogKillEarly(InstanceKey instance, int pid);
}
