using IOPath = System.IO.Path;

namespace Verwalter.Supervision;

/// <summary>Reads <c>master.yaml</c> (spec B.2.1); the file must exist but may be empty.</summary>
internal static class MasterConfigLoader
{
    public const string DefaultPath = "/etc/lithos/master.yaml";

    public static MasterConfig Load(string path) =>
        Parse(IOPath.GetFullPath(path), File.ReadAllText(path));

    public static MasterConfig Parse(string path, string text)
    {
        var map = QuireMap.Of(path, string.Empty, QuireDocument.Parse(path, text), QuireDocument.Origin);
        var folder = IOPath.GetDirectoryName(IOPath.GetFullPath(path)) ?? "/";
        var runtime = map.String("runtime-dir", "/run/lithos");
        if (!IOPath.IsPathRooted(runtime))
        {
            throw map.Error(map.At, "runtime-dir", "must be an absolute path");
        }

        var logDir = map.String("default-log-dir", "/var/log/lithos");
        var controllers = map.StringList("cgroup-controllers");
        var config = new MasterConfig(
            path,
            IOPath.GetFullPath(map.String("sandboxes-dir", "./sandboxes"), folder),
            IOPath.GetFullPath(map.String("processes-dir", "./processes"), folder),
            runtime,
            IOPath.GetFullPath(map.String("state-dir", "state"), runtime),
            IOPath.GetFullPath(map.String("mount-dir", "mnt"), runtime),
            map.String("devfs-dir", "/var/lib/lithos/dev"),
            CgroupName(map),
            controllers.IsEmpty ? ["name", "cpu", "cpuacct", "memory", "blkio"] : controllers,
            logDir,
            IOPath.GetFullPath(map.String("log-file", "master.log"), logDir),
            map.String("log-level", "warn"),
            map.OptionalString("syslog-facility"),
            map.String("syslog-app-name", "lithos"),
            Nullable(map, "config-log-dir", "/var/log/lithos/config"),
            Nullable(map, "stdio-log-dir", "/var/log/lithos/stderr"));
        map.RejectUnknown("master.yaml knows sandboxes-dir, processes-dir, runtime-dir, state-dir, mount-dir, devfs-dir, "
            + "cgroup-name, cgroup-controllers, default-log-dir, log-file, log-level, syslog-facility, syslog-app-name, "
            + "config-log-dir and stdio-log-dir");
        return config;
    }

    // A key present with an explicit null disables the feature; an absent key takes the default.
    /// <summary><c>cgroup-name</c> is a path below each hierarchy's root: relative, without <c>..</c>, so the supervisor never creates groups (or files) elsewhere.</summary>
    private static string? CgroupName(QuireMap map)
    {
        var name = Nullable(map, "cgroup-name", "lithos.slice");
        if (name is not null && (name.Length == 0 || name.StartsWith('/') || name.Contains('\0', StringComparison.Ordinal)
            || name.Split('/').Any(part => part is "" or "." or "..")))
        {
            throw map.Error(map.At, "cgroup-name", $"'{name}' must be a relative path of plain names below the cgroup root (no '/' at the start, no empty, '.' or '..' parts)");
        }

        return name;
    }

    private static string? Nullable(QuireMap map, string key, string fallback) =>
        map.IsExplicitNull(key) ? null : map.String(key, fallback);
}
