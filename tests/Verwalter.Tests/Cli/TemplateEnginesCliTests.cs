using System.Text.Json.Nodes;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

/// <summary><c>verwalter render</c> and <c>verwalter check</c> with Tera, Scriban and Liquid templates (the real executable).</summary>
public sealed class TemplateEnginesCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-engines-cli-");

    private string ConfigDir => Path.Combine(_dir.FullName, "config");

    private string Out => Path.Combine(_dir.FullName, "out");

    private string Folder => Path.Combine(ConfigDir, "templates", "app", "v1");

    public TemplateEnginesCliTests()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(Out);
        Directory.CreateDirectory(Path.Combine(ConfigDir, "sandbox"));
        Directory.CreateDirectory(Path.Combine(ConfigDir, "scheduler", "v1"));
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), "return { scheduler = function() return {} end }");
        File.WriteAllText(Path.Combine(Folder, "app.render.yaml"), $"""
            templates:
              tera: main.tera
              sbn: main.sbn
              liquid: main.liquid
            commands:
            - !Copy
              src: "{"{{"} files.tera {"}}"}"
              dest: {Out}/tera.conf
            - !Copy
              src: "{"{{"} files.sbn {"}}"}"
              dest: {Out}/sbn.conf
            - !Copy
              src: "{"{{"} files.liquid {"}}"}"
              dest: {Out}/liquid.conf

            """);
        File.WriteAllText(Path.Combine(Folder, "main.tera"), "{% for k, v in ports %}{{ k }}={{ v }} {% endfor %}{{ value / 8 }}\n");
        File.WriteAllText(Path.Combine(Folder, "main.sbn"), "{{ for k in hosts }}{{ k | string.upcase }}{{ end }}\n");
        File.WriteAllText(Path.Combine(Folder, "main.liquid"), "{{ value | plus: 1 }}\n");
    }

    private Task<CliRun> Render()
    {
        var vars = new JsonObject
        {
            ["role"] = "app",
            ["template"] = "app/v1",
            ["deployment_id"] = "dep1",
            ["verwalter_version"] = VerwalterVersion.Current,
            ["value"] = 42,
            ["ports"] = new JsonObject { ["https"] = 443, ["http"] = 80 },
            ["hosts"] = new JsonArray("a", "b"),
        };
        var file = Path.Combine(_dir.FullName, "vars.json");
        File.WriteAllText(file, vars.ToJsonString());
        return CliRun.RunAsync(["render", "--vars-file", file, "--config-dir", ConfigDir, "--log-dir", Path.Combine(_dir.FullName, "log")]);
    }

    [Fact]
    public async Task Render_EachEngine_InstallsItsOutput()
    {
        var run = await Render();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("http=80 https=443 5.25\n", File.ReadAllText(Path.Combine(Out, "tera.conf")));
        Assert.Equal("AB\n", File.ReadAllText(Path.Combine(Out, "sbn.conf")));
        Assert.Equal("43\n", File.ReadAllText(Path.Combine(Out, "liquid.conf")));
    }

    [Theory]
    [InlineData("main.tera", "ok\n{{ nope }}\n", "templates/app/v1/main.tera:2:4: variable 'nope' is not defined")]
    [InlineData("main.tera", "{% if value %}\n", "templates/app/v1/main.tera:1:1: syntax error: '{% if %}' without '{% endif %}'")]
    [InlineData("main.sbn", "a\nb {{ for }}\n", "templates/app/v1/main.sbn:2:")]
    public async Task Render_BrokenTemplate_ExitsTenNamingFileAndLineAndInstallsNothing(string file, string text, string expected)
    {
        File.WriteAllText(Path.Combine(Folder, file), text);

        var run = await Render();

        Assert.Equal(10, run.ExitCode);
        Assert.Contains(expected, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Out));
    }

    [Fact]
    public async Task Check_SyntaxErrorsOfEveryEngine_AreReportedWithoutRendering()
    {
        var other = Path.Combine(ConfigDir, "templates", "other", "v1");
        var third = Path.Combine(ConfigDir, "templates", "third", "v1");
        Directory.CreateDirectory(other);
        Directory.CreateDirectory(third);
        File.WriteAllText(Path.Combine(Folder, "main.tera"), "\n{{ value | }}\n");
        File.WriteAllText(Path.Combine(other, "o.render.yaml"), "templates:\n  x: x.sbn\ncommands: []\n");
        File.WriteAllText(Path.Combine(other, "x.sbn"), "{{ if }}");
        File.WriteAllText(Path.Combine(third, "t.render.yaml"), "templates:\n  x: x.liquid\ncommands: []\n");
        File.WriteAllText(Path.Combine(third, "x.liquid"), "{% for x in y %}");

        var run = await CliRun.RunAsync("check", "--config-dir", ConfigDir, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("templates/app/v1/main.tera:2:12: syntax error: expected a filter name", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("templates/other/v1/x.sbn:1:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("templates/third/v1/x.liquid:1:", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Out));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
