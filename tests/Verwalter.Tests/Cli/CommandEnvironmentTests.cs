using System.Text.Json.Nodes;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

/// <summary>Render commands can run this very verwalter through <c>$VERWALTER_EXE</c>, even when it was started as <c>dotnet verwalter.dll</c>.</summary>
public sealed class CommandEnvironmentTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-cmd-env-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Render_Sh_RunsVerwalterExe()
    {
        var config = Path.Combine(_dir.FullName, "config");
        var folder = Path.Combine(config, "templates", "app", "v1");
        var output = Path.Combine(_dir.FullName, "exe.txt");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(config, "sandbox"));
        File.WriteAllText(Path.Combine(folder, "main.hbs"), "x\n");
        File.WriteAllText(Path.Combine(folder, "app.render.yaml"), $"""
            templates:
              main: main.hbs
            commands:
            - !Sh 'echo "$VERWALTER_EXE" > {output}; "$VERWALTER_EXE" --version >> {output}'
            """);
        var vars = Path.Combine(_dir.FullName, "vars.json");
        File.WriteAllText(vars, new JsonObject
        {
            ["role"] = "app",
            ["template"] = "app/v1",
            ["deployment_id"] = "dep1",
            ["verwalter_version"] = VerwalterVersion.Current,
        }.ToJsonString());

        var run = await CliRun.RunAsync("render", "--vars-file", vars, "--config-dir", config, "--log-dir", Path.Combine(_dir.FullName, "log"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = File.ReadAllLines(output);
        Assert.True(Path.IsPathFullyQualified(lines[0]) && File.Exists(lines[0]), $"VERWALTER_EXE is '{lines[0]}'");
        Assert.Equal("verwalter", Path.GetFileName(lines[0]));
        Assert.Contains(VerwalterVersion.Current.TrimStart('v'), lines[1], StringComparison.Ordinal);
    }
}
