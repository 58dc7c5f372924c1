using System.Text.Json.Nodes;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

public sealed class RenderCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-render-cli-");

    private string ConfigDir => Path.Combine(_dir.FullName, "config");

    private string Out => Path.Combine(_dir.FullName, "out");

    private string Folder => Path.Combine(ConfigDir, "templates", "app", "v1");

    public RenderCliTests()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(Out);
        Directory.CreateDirectory(Path.Combine(ConfigDir, "sandbox"));
        File.WriteAllText(Path.Combine(Folder, "app.render.yaml"), $"templates:\n  main: main.hbs\ncommands:\n- !Copy\n  src: \"{{{{ files.main }}}}\"\n  dest: {Out}/app.conf\n");
        File.WriteAllText(Path.Combine(Folder, "main.hbs"), "value={{ value }}\n");
    }

    private static JsonObject Vars() => new()
    {
        ["role"] = "app",
        ["template"] = "app/v1",
        ["deployment_id"] = "dep1",
        ["verwalter_version"] = VerwalterVersion.Current,
        ["value"] = 42,
    };

    private Task<CliRun> Render(JsonObject vars, params string[] extra)
    {
        var file = Path.Combine(_dir.FullName, "vars.json");
        File.WriteAllText(file, vars.ToJsonString());
        return CliRun.RunAsync(["render", "--vars-file", file, "--config-dir", ConfigDir, "--log-dir", Path.Combine(_dir.FullName, "log"), .. extra]);
    }

    [Fact]
    public async Task Render_GoodVars_AppliesAndExitsZero()
    {
        var run = await Render(Vars());
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("value=42\n", File.ReadAllText(Path.Combine(Out, "app.conf")));
        Assert.Contains("Rendered successfully", File.ReadAllText(Path.Combine(_dir.FullName, "log", "app", "latest")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_VarsArgumentNotJson_ExitsTwo() =>
        Assert.Equal(2, (await CliRun.RunAsync("render", "{not json", "--config-dir", ConfigDir)).ExitCode);

    [Fact]
    public async Task Render_VarsNotAnObject_ExitsThree() =>
        Assert.Equal(3, (await CliRun.RunAsync("render", "[1]", "--config-dir", ConfigDir)).ExitCode);

    [Theory]
    [InlineData("deployment_id", 3)]
    [InlineData("role", 3)]
    [InlineData("template", 4)]
    [InlineData("verwalter_version", 3)]
    public async Task Render_MissingVar_ExitsWithOriginalCode(string missing, int code)
    {
        var vars = Vars();
        vars.Remove(missing);
        var run = await Render(vars);
        Assert.Equal(code, run.ExitCode);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "app.conf")));
    }

    [Fact]
    public async Task Render_OtherVersion_ExitsFive()
    {
        var vars = Vars();
        vars["verwalter_version"] = "v0.13.4";
        Assert.Equal(5, (await Render(vars)).ExitCode);
    }

    [Fact]
    public async Task Render_TemplateSyntaxError_ExitsTenAndRunsNothing()
    {
        File.WriteAllText(Path.Combine(Folder, "main.hbs"), "{{#each x}}\n");
        var run = await Render(Vars());
        Assert.Equal(10, run.ExitCode);
        Assert.Contains("main.hbs", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "app.conf")));
    }

    [Fact]
    public async Task Render_CommandFails_ExitsTwenty()
    {
        File.AppendAllText(Path.Combine(Folder, "app.render.yaml"), "- !Cmd [sh, -c, 'exit 4']\n");
        Assert.Equal(20, (await Render(Vars())).ExitCode);
    }

    [Fact]
    public async Task Render_CheckDir_DryRunToStdoutWritesNothing()
    {
        var vars = Vars();
        vars.Remove("deployment_id");
        vars.Remove("verwalter_version");
        var run = await CliRun.RunAsync("render", vars.ToJsonString(), "--check-dir", Folder);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("(dry_run)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("value=42", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "app.conf")));
    }

    [Fact]
    public async Task Check_BrokenRenderFile_IsListedWithItsFile()
    {
        Directory.CreateDirectory(Path.Combine(ConfigDir, "scheduler", "v1"));
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), "return { scheduler = function() return {} end }");
        File.WriteAllText(Path.Combine(Folder, "app.render.yaml"), "templates: {}\ncommands:\n- !Nope [x]\n");
        var run = await CliRun.RunAsync("check", "--config-dir", ConfigDir, "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("app.render.yaml:3", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
