using System.Text.Json.Nodes;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-cli-");

    private static string Example(string name) => Path.Combine(RepositoryPaths.Examples, name);

    [Fact]
    public async Task Version_PrintsTheAssemblyVersion()
    {
        var run = await CliRun.RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", run.Stdout);
    }

    [Fact]
    public async Task Schedule_MinimalJson_PrintsEnvelopeOfEmptySchedule()
    {
        var run = await CliRun.RunAsync("schedule", "--config-dir", Example("minimal"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var schedule = Schedule.Parse(System.Text.Encoding.UTF8.GetBytes(run.Stdout));
        Assert.Equal(CanonicalJson.Sha1Hex("{}"u8), schedule.Hash);
    }

    [Fact]
    public async Task Schedule_WithParentInput_PrintsLogAndDiff()
    {
        var input = Path.Combine(_dir.FullName, "input.json");
        File.WriteAllText(input, """{"parents": [{"old": true}]}""");
        var run = await CliRun.RunAsync("schedule", "--config-dir", Example("minimal"), "--input", input);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Empty", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("- old: true", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_SchedulerRaises_ExitsOneWithTraceback()
    {
        var config = Tree("return { scheduler = function(i)\n  local x = nil\n  return x.field\nend }\n");
        var run = await CliRun.RunAsync("schedule", "--config-dir", config);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("main.lua:3", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("traceback", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_BadInputField_ExitsTwoNamingIt()
    {
        var input = Path.Combine(_dir.FullName, "input.json");
        File.WriteAllText(input, """{"peerz": {}}""");
        var run = await CliRun.RunAsync("schedule", "--config-dir", Example("minimal"), "--input", input);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("peerz", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BrokenRuntimeAndScheduler_ListsEachWithFileAndLine()
    {
        var config = Tree("return {\n  scheduler = function(i)\n    return {\n  end\n}\n");
        File.WriteAllText(Path.Combine(config, "runtime", "web.yaml"), "a: 1\nb: [2,\n");
        var run = await CliRun.RunAsync("check", "--config-dir", config, "--json");
        Assert.Equal(1, run.ExitCode);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.False(report["ok"]!.GetValue<bool>());
        var problems = report["problems"]!.AsArray().Select(p => $"{p!["path"]}:{p["line"]}").ToList();
        Assert.Contains(problems, p => p.StartsWith("runtime/web.yaml:", StringComparison.Ordinal));
        Assert.Contains(report["problems"]!.AsArray(), p => p!["message"]!.GetValue<string>().Contains("main.lua:4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_Examples_AreClean()
    {
        foreach (var example in new[] { "minimal", "realistic" })
        {
            var run = await CliRun.RunAsync("check", "--config-dir", Example(example));
            Assert.True(run.ExitCode == 0, example + ": " + run.Stdout + run.Stderr);
        }
    }

    private string Tree(string mainLua)
    {
        var root = Path.Combine(_dir.FullName, "config");
        Directory.CreateDirectory(Path.Combine(root, "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(root, "runtime"));
        File.WriteAllText(Path.Combine(root, "scheduler", "v1", "main.lua"), mainLua);
        return root;
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
