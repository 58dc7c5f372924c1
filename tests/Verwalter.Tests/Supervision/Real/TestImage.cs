namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// Builds a tiny image directory for real supervisor tests from Debian's static busybox
/// (<c>busybox-static</c>, <c>/bin/busybox</c>): <c>bin/busybox</c> plus applet symlinks, the mount
/// points the sandbox needs (<c>/tmp</c>, <c>/proc</c>, <c>/dev</c>, <c>/etc</c>, <c>/data</c>,
/// <c>/state</c>, <c>/config</c>, <c>/log</c>), an <c>/etc/passwd</c>, and the container config
/// at <see cref="ConfigPath"/>. Directories are 0755 so a non-root container user can traverse them.
/// </summary>
public static class TestImage
{
    public const string Busybox = "/bin/busybox";

    public const string ConfigPath = "/config.yaml";

    public static readonly string[] Applets = ["sh", "sleep", "cat", "id", "ps", "touch", "echo", "env", "ls", "wc", "grep", "true", "false", "kill", "mkdir", "rm", "date", "printf"];

    public static readonly string[] MountPoints = ["tmp", "proc", "dev", "etc", "data", "state", "config", "log", "sys"];

    /// <summary>True when busybox is installed; real supervisor tests need it (and bwrap).</summary>
    public static bool Available => File.Exists(Busybox) && File.Exists("/usr/bin/bwrap");

    /// <summary>Creates (or replaces the config of) the image at <paramref name="imageDir"/>.</summary>
    public static string Build(string imageDir, string containerConfig, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        if (!Directory.Exists(Path.Combine(imageDir, "bin")))
        {
            Directory.CreateDirectory(Path.Combine(imageDir, "bin"));
            File.Copy(Busybox, Path.Combine(imageDir, "bin", "busybox"));
            foreach (var applet in Applets)
            {
                File.CreateSymbolicLink(Path.Combine(imageDir, "bin", applet), "busybox");
            }

            foreach (var dir in MountPoints)
            {
                Directory.CreateDirectory(Path.Combine(imageDir, dir));
            }

            File.WriteAllText(Path.Combine(imageDir, "etc", "passwd"), "root:x:0:0::/:/bin/sh\napp:x:1000:100::/:/bin/sh\n");
            File.WriteAllText(Path.Combine(imageDir, "etc", "group"), "root:x:0:\nusers:x:100:\n");
            OpenUp(imageDir);
        }

        File.WriteAllText(imageDir + ConfigPath, containerConfig);
        foreach (var (path, text) in extraFiles ?? new Dictionary<string, string>())
        {
            File.WriteAllText(imageDir + path, text);
        }

        return imageDir;
    }

    /// <summary>chmod 0755 on a folder and every folder in it.</summary>
    public static void OpenUp(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories))
        {
            if (new DirectoryInfo(sub).LinkTarget is null)
            {
                File.SetUnixFileMode(sub, (UnixFileMode)0b111_101_101);
            }
        }
    }
}
