using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Verwalter.Tests.Cluster.Real;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

/// <summary>The real <c>verwalter watch --json</c> process on a temporary tree: edit, break, fix, Ctrl-C.</summary>
public sealed class WatchProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Scheduler = """
        return { scheduler = function(input)
          print("placing web")
          return {
            roles = { web = { template = "web", instances = input.runtime.web.v1.instances } },
            nodes = { [input.current_host] = { roles = { web = {} } } },
          }
        end }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-watch-");

    private string Tree => _root.FullName;

    public WatchProcessTests()
    {
        Write("scheduler/v1/main.lua", Scheduler);
        Write("runtime/web/v1.yaml", "instances: 1\n");
        Write("templates/web/web.render.yaml", "templates:\n  cfg: cfg.hbs\ncommands:\n  - !Copy\n    src: \"{{ files.cfg }}\"\n    dest: " + Path.Combine(Tree, "never-written.txt") + "\n");
        Write("templates/web/cfg.hbs", "role={{role}}\ninstances={{instances}}\n");
    }

    [Fact]
    public async Task Watch_EditBreakFix_PrintsEachRunAndKeepsRunningUntilSigint()
    {
        using var process = DaemonProcess.StartDotnet([DaemonProcess.VerwalterDll, "watch", "--config-dir", Tree, "--json"]);
        var lines = Lines(process);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var first = await NextRun(lines, r => true, "the first run");
            Assert.True(first["ok"]!.GetValue<bool>(), first.ToJsonString());
            Assert.Equal(1, first["schedule"]!["roles"]!["web"]!["instances"]!.GetValue<int>());
            Assert.Equal("added", first["roles"]!["web"]!["status"]!.GetValue<string>());
            Assert.Equal("placing web\n", first["log"]!.GetValue<string>());

            Write("runtime/web/v1.yaml", "instances: 3\n");
            var edited = await NextRun(lines, r => r["schedule"]?["roles"]?["web"]?["instances"]?.GetValue<int>() == 3, "a run after the runtime edit");
            Assert.Contains(edited["diff"]!.AsArray(), d => d!.GetValue<string>() == "~ roles.web.instances: 1 → 3");
            Assert.Equal("changed", edited["roles"]!["web"]!["status"]!.GetValue<string>());
            var cfg = edited["roles"]!["web"]!["templates"]!["cfg.hbs"]!;
            Assert.Equal(1, cfg["added"]!.GetValue<int>());
            Assert.Equal(1, cfg["removed"]!.GetValue<int>());
            Assert.False(File.Exists(Path.Combine(Tree, "never-written.txt")));

            Write("scheduler/v1/main.lua", "return {\n  scheduler = function(input)\n    return {\n  end\n}\n");
            var broken = await NextRun(lines, r => r["ok"]?.GetValue<bool>() == false, "a failed run after breaking main.lua");
            Assert.Contains("main.lua:", broken["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(process.HasExited);

            Write("scheduler/v1/main.lua", Scheduler.Replace("placing web", "placing web again", StringComparison.Ordinal));
            var fixedRun = await NextRun(lines, r => r["ok"]?.GetValue<bool>() == true, "a good run after the fix");
            Assert.Equal("placing web again\n", fixedRun["log"]!.GetValue<string>());

            ProcessSignals.Send(process.Id, ProcessSignals.SigInt);
            using var exit = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(exit.Token);
            Assert.True(process.ExitCode == 0, "exit code " + process.ExitCode + "\n" + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static ChannelReader<string> Lines(Process process)
    {
        var channel = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                channel.Writer.TryWrite(line);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    private static async Task<JsonNode> NextRun(ChannelReader<string> lines, Func<JsonNode, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var line = await lines.ReadAsync(timeout.Token);
                seen.Add(line);
                if (JsonNode.Parse(line) is { } run && condition(run))
                {
                    return run;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail($"no {what} within {Timeout}; printed:\n{string.Join('\n', seen)}");
            throw;
        }
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Tree, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp~";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
