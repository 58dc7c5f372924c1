using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Verwalter.Configuration;
using Verwalter.Rendering;
using Verwalter.Rendering.Templates;
using Verwalter.Tests.Configuration;

namespace Verwalter.Tests.Durability;

/// <summary>The config tree is a jail: real symlinks out of it, FIFOs and devices are refused as problems naming the link.</summary>
[Collection(ConfigJailCollection.Name)]
public sealed class ConfigJailTests : IDisposable
{
    private readonly TempConfigDir _dir = new();
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("verwalter-outside-");

    public ConfigJailTests()
    {
        _dir.Write("runtime/web/v1.yaml", "image: web\n");
        File.WriteAllText(Path.Combine(_outside.FullName, "secret.txt"), "TOP-SECRET\n");
        File.WriteAllText(Path.Combine(_outside.FullName, "more.yaml"), "secret: TOP-SECRET\n");
    }

    [Fact]
    public void FileLinkOutside_IsRefusedNamingTheLinkAndItsContentNeverRead()
    {
        File.CreateSymbolicLink(_dir.PathOf("runtime/web/x.txt"), Path.Combine(_outside.FullName, "secret.txt"));
        var tree = RuntimeTreeLoader.Load(_dir.Root);
        var problem = Assert.Single(tree.Problems);
        Assert.Equal("runtime/web/x.txt", problem.Path);
        Assert.Contains("outside the config dir", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", tree.Tree.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("web", tree.Tree["web"]!["v1"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void FolderLinkOutside_AndLinkToEtc_AreRefused()
    {
        Directory.CreateSymbolicLink(_dir.PathOf("runtime/shared"), _outside.FullName);
        Directory.CreateSymbolicLink(_dir.PathOf("runtime/etc"), "/etc");
        var tree = RuntimeTreeLoader.Load(_dir.Root);
        Assert.Equal(["runtime/etc", "runtime/shared"], tree.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(tree.Problems, p => Assert.Contains("refused", p.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("TOP-SECRET", tree.Tree.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LinkInsideTheTree_IsStillFollowed()
    {
        _dir.Write("shared/common.yaml", "port: 80\n");
        Directory.CreateSymbolicLink(_dir.PathOf("runtime/common"), _dir.PathOf("shared"));
        var tree = RuntimeTreeLoader.Load(_dir.Root);
        Assert.Empty(tree.Problems);
        Assert.Equal(80L, tree.Tree["common"]!["common"]!["port"]!.GetValue<long>());
    }

    [Fact]
    public void AllowedOutsidePath_IsFollowed()
    {
        Directory.CreateSymbolicLink(_dir.PathOf("runtime/shared"), _outside.FullName);
        ConfigJail.AllowOutside([_outside.FullName]);
        try
        {
            var tree = RuntimeTreeLoader.Load(_dir.Root);
            Assert.Empty(tree.Problems);
            Assert.Equal("TOP-SECRET", tree.Tree["shared"]!["more"]!["secret"]!.GetValue<string>());
        }
        finally
        {
            ConfigJail.AllowOutside([]);
        }
    }

    [Fact]
    public void DevAndProcLinks_AndAFifo_AreRefusedWithoutBlocking()
    {
        File.CreateSymbolicLink(_dir.PathOf("runtime/web/zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(_dir.PathOf("runtime/web/status.yaml"), "/proc/self/status");
        MakeFifo(_dir.PathOf("runtime/web/pipe.yaml"));
        var tree = RuntimeTreeLoader.Load(_dir.Root);
        var problems = tree.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Contains("outside the config dir", problems["runtime/web/zero.yaml"], StringComparison.Ordinal);
        Assert.Contains("outside the config dir", problems["runtime/web/status.yaml"], StringComparison.Ordinal);
        Assert.Contains("FIFO", problems["runtime/web/pipe.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void SchedulerModuleLinkedOutside_IsRefused()
    {
        _dir.Write("scheduler/v1/main.lua", "return { scheduler = function(i) return {} end }");
        File.WriteAllText(Path.Combine(_outside.FullName, "lib.lua"), "return 1");
        File.CreateSymbolicLink(_dir.PathOf("scheduler/v1/lib.lua"), Path.Combine(_outside.FullName, "lib.lua"));
        var load = SchedulerSourceLoader.Load(_dir.Root);
        Assert.Contains(load.Problems, p => p.Path == "scheduler/v1/lib.lua" && p.Message.Contains("outside the config dir", StringComparison.Ordinal));
        Assert.False(load.Source?.Files.ContainsKey("lib.lua") ?? false);
    }

    [Fact]
    public void TemplateLinkedOutside_FailsTheRoleNamingTheLink_ButASiblingTemplateFolderIsFine()
    {
        _dir.Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.txt.hbs\ncommands: []\n");
        _dir.Write("templates/app/v0/main.txt.hbs", "v={{ value }}\n");
        File.CreateSymbolicLink(_dir.PathOf("templates/app/v1/main.txt.hbs"), _dir.PathOf("templates/app/v0/main.txt.hbs"));
        Assert.Single(TemplateSet.ScanFolder(_dir.PathOf("templates/app/v1"), _ => true), f => f.RelativePath == "main.txt.hbs");

        File.CreateSymbolicLink(_dir.PathOf("templates/app/v1/extra.txt"), Path.Combine(_outside.FullName, "secret.txt"));
        var ex = Assert.Throws<RenderException>(() => TemplateSet.ScanFolder(_dir.PathOf("templates/app/v1"), _ => true));
        Assert.Contains("extra.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside the config dir", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonUtf8FileName_IsReportedReadably()
    {
        var name = Encoding.UTF8.GetBytes(_dir.PathOf("runtime/web/")).Concat(new byte[] { 0xFF, 0xFE, (byte)'.', (byte)'y', (byte)'a', (byte)'m', (byte)'l' }).ToArray();
        Assert.Equal(0, CreateRaw(name));
        var tree = RuntimeTreeLoader.Load(_dir.Root);
        var problem = Assert.Single(tree.Problems);
        Assert.Equal("runtime/web/??.yaml", problem.Path);
        Assert.Contains("not valid UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderGuard_ReportsOneProblemNotOnePerFolder()
    {
        // 3 x 25 x 25 x 25 > 10,000 folders reached through links that fan out inside the tree.
        _dir.MakeDirectory("fan/leaf");
        for (var level = 0; level < 3; level++)
        {
            var folder = _dir.PathOf($"fan/l{level}");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < 25; i++)
            {
                Directory.CreateSymbolicLink(Path.Combine(folder, $"d{i}"), level == 0 ? _dir.PathOf("fan/leaf") : _dir.PathOf($"fan/l{level - 1}"));
            }
        }

        Directory.CreateSymbolicLink(_dir.PathOf("runtime/fan"), _dir.PathOf("fan/l2"));
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        ConfigDirectoryScanner.Scan(_dir.Root, "runtime", _ => true, problems);
        Assert.Single(problems, p => p.Message.Contains("more than", StringComparison.Ordinal));
    }

    private static void MakeFifo(string path)
    {
        using var process = Process.Start("mkfifo", [path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static unsafe int CreateRaw(byte[] path)
    {
        var terminated = path.Append((byte)0).ToArray();
        fixed (byte* p = terminated)
        {
            var fd = Open(p, 0x41 /* O_CREAT | O_WRONLY */, 0x1A4);
            return fd < 0 ? -1 : Close(fd);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open")]
    private static extern unsafe int Open(byte* path, int flags, int mode);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Delete(recursive: true);
    }
}
