using System.Diagnostics;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class CgroupJoinTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-join-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Wrap_TwoGroups_CountThenFilesThenTheChain()
    {
        var argv = CgroupJoin.Wrap(["/a/cgroup.procs", "/b/cgroup.procs"], ["/usr/bin/prlimit", "--nofile=1:1", "--", "x y"]);

        Assert.Equal(["/bin/sh", "-c", CgroupJoin.Script, "verwalter-cgroup-join", "2", "/a/cgroup.procs", "/b/cgroup.procs", "/usr/bin/prlimit", "--nofile=1:1", "--", "x y"], argv.ToArray());
    }

    [Fact]
    public async Task Script_WritesZeroToEachFileThenExecsTheChainWithItsArguments()
    {
        var first = Path.Combine(_dir.FullName, "first");
        var second = Path.Combine(_dir.FullName, "second");
        var missing = Path.Combine(_dir.FullName, "no-such-dir", "cgroup.procs");
        var argv = CgroupJoin.Wrap([first, missing, second], ["/bin/sh", "-c", "echo \"$0|$1\"", "a b", "c"]);
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("a b|c\n", stdout);
        Assert.Equal("0\n", File.ReadAllText(first));
        Assert.Equal("0\n", File.ReadAllText(second));
        Assert.Contains($"verwalter: cannot join cgroup {missing}", stderr, StringComparison.Ordinal);
    }
}
