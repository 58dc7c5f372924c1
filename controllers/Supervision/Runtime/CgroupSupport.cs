using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Picks the instances' cgroups for a master config, once per <c>cgroup-name</c> /
/// <c>cgroup-controllers</c>: none when <c>cgroup-name</c> is null, otherwise what
/// <see cref="CgroupLayout.Detect"/> finds under <paramref name="root"/> (v2 when it is a unified
/// root, else the v1 hierarchies), or none when nothing usable is mounted. The root is
/// <c>/sys/fs/cgroup</c> unless <see cref="SupervisorOptions.CgroupRoot"/> says otherwise.
/// </summary>
internal sealed partial class CgroupSupport(string root, string proc1CgroupPath, ILogger<CgroupSupport> logger)
{
    public const string DefaultRoot = "/sys/fs/cgroup";

    public const string Proc1Cgroup = "/proc/1/cgroup";

    private readonly ConcurrentDictionary<string, ICgroups> _trees = new(StringComparer.Ordinal);

    public ICgroups For(MasterConfig master) =>
        _trees.GetOrAdd((master.CgroupName ?? "\0") + "|" + string.Join(',', master.CgroupControllers), _ => Create(master));

    private ICgroups Create(MasterConfig master)
    {
        ICgroups cgroups;
        if (master.CgroupName is not { } name)
        {
            cgroups = new NoCgroups("cgroups disabled (cgroup-name: null): memory-limit and cpu-shares not applied", logger);
        }
        else
        {
            CgroupLayout? layout;
            try
            {
                layout = CgroupLayout.Detect(root, name, master.CgroupControllers, () => File.ReadAllText(proc1CgroupPath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogDetectFailed(e, root);
                layout = null;
            }

            cgroups = layout is { Hierarchies.IsEmpty: false }
                ? new CgroupTree(layout, logger)
                : new NoCgroups(layout?.Describe() ?? $"no usable cgroup controllers ({root} unreadable): memory-limit and cpu-shares not applied", logger);
        }

        LogCgroups(cgroups.Description);
        return cgroups;
    }

    [LoggerMessage(EventId = 1548, Level = LogLevel.Information, Message = "Cgroups: {Description}")]
    private partial void LogCgroups(string description);

    [LoggerMessage(EventId = 1549, Level = LogLevel.Error, Message = "Cannot read the cgroup mounts under {Root}; limits are not applied")]
    private partial void LogDetectFailed(Exception exception, string root);
}
