using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Instance cgroups in the hierarchies of a <see cref="CgroupLayout"/>, v1 or v2: creates
/// <c>&lt;slice&gt;/&lt;sandbox&gt;:&lt;process&gt;.&lt;i&gt;.scope</c> in each (on v2 after enabling
/// <c>+memory +cpu</c> in the root's and the slice's <c>cgroup.subtree_control</c>), writes the
/// <see cref="CgroupLimits"/> files (a failed write is logged with the file and errno, and an
/// <c>EINVAL</c> is retried once after the others, for v1's memsw ≥ limit ordering), and removes
/// groups with <c>rmdir</c>, deepest first. The process joins the groups itself (see
/// <see cref="CgroupJoin"/>), so nothing here races with it.
/// </summary>
internal sealed partial class CgroupTree(CgroupLayout layout, ILogger logger) : ICgroups
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public CgroupLayout Layout { get; } = layout;

    public string Description { get; } = layout.Describe();

    public ImmutableArray<string> Prepare(InstanceKey key, ContainerConfig config)
    {
        var procs = ImmutableArray.CreateBuilder<string>();
        foreach (var hierarchy in Layout.Hierarchies)
        {
            var dir = hierarchy.ScopeDir(key);
            try
            {
                if (Layout.Version == CgroupVersion.V2)
                {
                    Directory.CreateDirectory(hierarchy.SliceDir);
                    EnableControllers(Layout.Root, hierarchy.Controllers);
                    EnableControllers(hierarchy.SliceDir, hierarchy.Controllers);
                }

                Directory.CreateDirectory(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogCreateFailed(e, key, dir);
                continue;
            }

            Apply(key, dir, CgroupLimits.For(Layout.Version, hierarchy, config));
            procs.Add(Path.Combine(dir, "cgroup.procs"));
        }

        var unapplied = CgroupLimits.Unapplied(Layout.Hierarchies, config).ToList();
        if (unapplied.Count > 0 && _warned.TryAdd("unapplied", true))
        {
            LogNotApplied(key, string.Join(" and ", unapplied), Description);
        }

        return procs.ToImmutable();
    }

    public bool Remove(InstanceKey key)
    {
        var removed = true;
        foreach (var hierarchy in Layout.Hierarchies)
        {
            removed &= RemoveGroup(key.ToString(), hierarchy.ScopeDir(key));
        }

        return removed;
    }

    public void RemoveStale(IReadOnlySet<InstanceKey> keep)
    {
        foreach (var hierarchy in Layout.Hierarchies)
        {
            if (!Directory.Exists(hierarchy.SliceDir))
            {
                continue;
            }

            foreach (var dir in Directory.EnumerateDirectories(hierarchy.SliceDir))
            {
                var name = Path.GetFileName(dir);
                if (CgroupNames.ParseScope(name) is not { } key)
                {
                    LogForeign(dir);
                }
                else if (!keep.Contains(key))
                {
                    LogStale(dir);
                    RemoveGroup(key.ToString(), dir);
                }
            }
        }
    }

    /// <summary>One <c>write</c> of <paramref name="value"/> to a cgroup file; returns 0 or the errno.</summary>
    internal static int Write(string path, string value)
    {
        var fd = LinuxNative.Open(path, LinuxNative.OWriteOnly | LinuxNative.OTruncate | LinuxNative.OCloExec);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            unsafe
            {
                fixed (byte* pointer = bytes)
                {
                    return LinuxNative.write(fd, pointer, bytes.Length) == bytes.Length ? 0 : Marshal.GetLastPInvokeError();
                }
            }
        }
        finally
        {
            _ = LinuxNative.close(fd);
        }
    }

    private void Apply(InstanceKey key, string dir, ImmutableArray<CgroupWrite> writes)
    {
        var retry = new List<CgroupWrite>();
        foreach (var write in writes)
        {
            var path = Path.Combine(dir, write.File);
            if (!File.Exists(path))
            {
                if (!write.Optional && _warned.TryAdd(write.File, true))
                {
                    LogFileMissing(key, path);
                }

                continue;
            }

            var errno = Write(path, write.Value);
            if (errno == LinuxNative.EInval)
            {
                retry.Add(write);
            }
            else if (errno != 0)
            {
                LogWriteFailed(key, write.Value, path, errno, Marshal.GetPInvokeErrorMessage(errno));
            }
        }

        foreach (var write in retry)
        {
            var path = Path.Combine(dir, write.File);
            if (Write(path, write.Value) is var errno and not 0)
            {
                LogWriteFailed(key, write.Value, path, errno, Marshal.GetPInvokeErrorMessage(errno));
            }
        }
    }

    private void EnableControllers(string dir, ImmutableArray<string> controllers)
    {
        if (controllers.IsEmpty)
        {
            return;
        }

        var control = Path.Combine(dir, "cgroup.subtree_control");
        var enabled = File.ReadAllText(control).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var missing = controllers.Where(c => !enabled.Contains(c)).Select(c => "+" + c).ToList();
        if (missing.Count > 0 && Write(control, string.Join(' ', missing)) is var errno and not 0)
        {
            LogEnableFailed(string.Join(' ', missing), control, errno, Marshal.GetPInvokeErrorMessage(errno));
        }
    }

    private bool RemoveGroup(string instance, string dir)
    {
        if (!Directory.Exists(dir))
        {
            return true;
        }

        try
        {
            foreach (var child in Directory.EnumerateDirectories(dir))
            {
                RemoveGroup(instance, child);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile: the rmdir below tells.
        }

        if (LinuxNative.rmdir(dir) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == LinuxNative.ENoEnt)
        {
            return true;
        }

        if (errno == LinuxNative.EBusy)
        {
            LogBusy(instance, dir);
        }
        else
        {
            LogRemoveFailed(instance, dir, errno, Marshal.GetPInvokeErrorMessage(errno));
        }

        return false;
    }

    [LoggerMessage(EventId = 1551, Level = LogLevel.Error, Message = "Instance {Instance}: cannot create cgroup {Dir}; it runs without it")]
    private partial void LogCreateFailed(Exception exception, InstanceKey instance, string dir);

    [LoggerMessage(EventId = 1552, Level = LogLevel.Error, Message = "Instance {Instance}: cannot write {Value} to {File}: errno {Errno} ({Error})")]
    private partial void LogWriteFailed(InstanceKey instance, string value, string file, int errno, string error);

    [LoggerMessage(EventId = 1553, Level = LogLevel.Warning, Message = "Instance {Instance}: the kernel offers no {File}; that limit is not applied (warned once)")]
    private partial void LogFileMissing(InstanceKey instance, string file);

    [LoggerMessage(EventId = 1554, Level = LogLevel.Warning, Message = "Instance {Instance} sets {Limits}, which cannot be applied: {Cgroups} (warned once)")]
    private partial void LogNotApplied(InstanceKey instance, string limits, string cgroups);

    [LoggerMessage(EventId = 1555, Level = LogLevel.Error, Message = "Cannot enable {Controllers} in {File}: errno {Errno} ({Error})")]
    private partial void LogEnableFailed(string controllers, string file, int errno, string error);

    [LoggerMessage(EventId = 1556, Level = LogLevel.Debug, Message = "Cgroup {Dir} of {Instance} still has processes; not removed yet")]
    private partial void LogBusy(string instance, string dir);

    [LoggerMessage(EventId = 1557, Level = LogLevel.Error, Message = "Cannot remove cgroup {Dir} of {Instance}: errno {Errno} ({Error})")]
    private partial void LogRemoveFailed(string instance, string dir, int errno, string error);

    [LoggerMessage(EventId = 1558, Level = LogLevel.Information, Message = "Removing cgroup {Dir}: its instance is neither running nor configured")]
    private partial void LogStale(string dir);

    [LoggerMessage(EventId = 1559, Level = LogLevel.Warning, Message = "Leaving {Dir} alone: not an instance cgroup (<sandbox>:<process>.<i>.scope)")]
    private partial void LogForeign(string dir);
}
