using System.Globalization;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// A complete supervisor config on disk for real-process tests: <c>master.yaml</c> with the
/// runtime dir, logs and state inside a temp root (0755), one sandbox <c>app</c> (uid 1000, gid 100,
/// <c>/data</c> writable, ports 8000-8999 unless others are given), and images built by <see cref="TestImage"/> under
/// <c>images/</c>. cgroups are off (<c>cgroup-name: null</c>) unless a cgroup name is given.
/// Reusable by other real tests (the schedule → processes end-to-end test).
/// </summary>
public sealed class RealTree : IDisposable
{
    public const string Sandbox = "app";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-sup-");

    public RealTree(string sandboxExtra = "", string? cgroupName = null, string allowTcpPorts = "8000-8999")
    {
        TestImage.OpenUp(_root.FullName);
        foreach (var dir in new[] { "sandboxes", "processes", "images", "data", "run", "log" })
        {
            Directory.CreateDirectory(Path.Combine(Root, dir));
        }

        LinuxTestNative.Chown(DataDir, 1000, 100);
        TestImage.OpenUp(Root);
        File.WriteAllText(MasterPath, $"""
            runtime-dir: {RuntimeDir}
            default-log-dir: {LogDir}
            stdio-log-dir: {LogDir}
            config-log-dir: null
            devfs-dir: /dev
            cgroup-name: {cgroupName ?? "null"}
            """);
        File.WriteAllText(Path.Combine(Root, "sandboxes", $"{Sandbox}.yaml"), $"""
            image-dir: {Path.Combine(Root, "images")}
            allow-users: [1000]
            allow-groups: [100]
            default-user: 1000
            default-group: 100
            allow-tcp-ports: [{allowTcpPorts}]
            writable-paths: {'{'}/data: {DataDir}{'}'}
            {sandboxExtra}
            """);
    }

    public string Root => _root.FullName;

    public string MasterPath => Path.Combine(Root, "master.yaml");

    public string RuntimeDir => Path.Combine(Root, "run");

    public string LogDir => Path.Combine(Root, "log");

    public string DataDir => Path.Combine(Root, "data");

    public string ProcessesPath => Path.Combine(Root, "processes", $"{Sandbox}.yaml");

    public string StatusPath => Path.Combine(RuntimeDir, "status.json");

    /// <summary>Builds image <paramref name="name"/> with this container config; returns its folder.</summary>
    public string Image(string name, string containerConfig, IReadOnlyDictionary<string, string>? extraFiles = null) =>
        TestImage.Build(Path.Combine(Root, "images", name), containerConfig, extraFiles);

    public void WriteProcesses(string yaml) => File.WriteAllText(ProcessesPath, yaml);

    /// <summary>A file outside the live tree, for <c>switch</c>.</summary>
    public string Candidate(string yaml)
    {
        var path = Path.Combine(Root, $"candidate-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A daemon that runs <paramref name="script"/> with busybox sh, with the given timeouts.</summary>
    public static string ShellContainer(string script, double restartTimeout = 1, double killTimeout = 2, string variables = "", string extra = "") => $"""
        kind: Daemon
        executable: /bin/sh
        arguments: [-c, {Quote(script)}]
        restart-timeout: {restartTimeout.ToString(CultureInfo.InvariantCulture)}
        kill-timeout: {killTimeout.ToString(CultureInfo.InvariantCulture)}
        environ: {'{'}MODE: test{'}'}
        volumes:
          /tmp: !Tmpfs {'{'}size: 1Mi{'}'}
          /data: !Persistent /data
        {(variables.Length > 0 ? "variables:\n" + variables : "")}
        {extra}
        """;

    public void Dispose()
    {
        RealCleanup.KillEverythingUnder(Root, RuntimeDir);
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
