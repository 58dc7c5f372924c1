namespace Verwalter.Tests.Supervision;

/// <summary>
/// A cgroup file system made of plain folders and files in a temp dir: v1 hierarchies as
/// <c>&lt;root&gt;/&lt;name&gt;</c>, or a v2 root with <c>cgroup.controllers</c>. The kernel's files in
/// a new group are made by <see cref="Group"/>, since mkdir on a plain folder creates none.
/// </summary>
internal sealed class FakeCgroupFs : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-cgroupfs-");

    public string Root => _root.FullName;

    public static FakeCgroupFs V1(params string[] hierarchies)
    {
        var fs = new FakeCgroupFs();
        foreach (var name in hierarchies)
        {
            Directory.CreateDirectory(Path.Combine(fs.Root, name));
        }

        return fs;
    }

    public static FakeCgroupFs V2(string controllers)
    {
        var fs = new FakeCgroupFs();
        File.WriteAllText(Path.Combine(fs.Root, "cgroup.controllers"), controllers + "\n");
        File.WriteAllText(Path.Combine(fs.Root, "cgroup.subtree_control"), string.Empty);
        return fs;
    }

    /// <summary>Creates a group folder holding empty files with these names; returns its path.</summary>
    public string Group(string relative, params string[] files)
    {
        var dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(dir, file), string.Empty);
        }

        return dir;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public bool Exists(string relative) => Directory.Exists(Path.Combine(Root, relative));

    public void Dispose() => _root.Delete(recursive: true);
}
