namespace Verwalter.Tests.Charts;

/// <summary>
/// A throw-away root for <c>systemd-analyze verify --root</c>: the host's unit files (so targets
/// such as network-online.target resolve), /usr/bin/kill, a stand-in /usr/bin/verwalter (verify
/// only checks that ExecStart names an executable) and the units under test in /etc/systemd/system.
/// The host itself is never touched.
/// </summary>
internal sealed class SystemdRoot : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-systemd-");

    public SystemdRoot()
    {
        Directory.CreateDirectory(Path.Combine(Root, "usr", "bin"));
        Directory.CreateDirectory(UnitDir);
        File.CreateSymbolicLink(Path.Combine(Root, "bin"), "usr/bin");
        File.Copy("/usr/bin/kill", Path.Combine(Root, "usr", "bin", "kill"));
        var verwalter = Path.Combine(Root, "usr", "bin", "verwalter");
        File.WriteAllText(verwalter, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(verwalter, (UnixFileMode)0b111_101_101);
        }

        CopyTree("/usr/lib/systemd/system", Path.Combine(Root, "usr", "lib", "systemd", "system"));
    }

    public string Root => _root.FullName;

    public string UnitDir => Path.Combine(Root, "etc", "systemd", "system");

    public void Install(string name, string text) => File.WriteAllText(Path.Combine(UnitDir, name), text);

    public void Dispose() => _root.Delete(recursive: true);

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo dir)
            {
                CopyTree(dir.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
