using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Templates;

public sealed class RoleTemplatesTests : IDisposable
{
    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Render_RealisticFolder_RendersEveryUnitWithTheFullVars()
    {
        _folder
            .Write("lithos.render.yaml", """
                templates:
                  processes: lithos.yaml.hbs
                commands:
                - !PeekLog "lithos/{{ role }}.log"
                - !RootCommand [lithos_switch, "{{ role }}", "{{ files.processes }}"]
                """)
            .Write("lithos.yaml.hbs", """
                # {{role}} ({{deployment_id}})
                {{#each daemons}}
                {{@key}}: !Daemon
                  instances: {{instances}}
                  debug: {{../debug}}
                {{/each}}
                """)
            .Write("nginx/site.render.yml", """
                templates:
                  site: site.conf.hbs
                  upstreams: ../shared/upstreams.hbs
                commands:
                - !Copy {src: "{{ files.site }}", dest: /etc/nginx/sites/web.conf, mode: 0o644}
                - !Condition
                  dirs-changed: [/etc/nginx]
                  commands: [!Cmd [nginx, -s, reload]]
                """)
            .Write("nginx/site.conf.hbs", "server_name {{full_schedule.hostname}};\n")
            .Write("shared/upstreams.hbs", "{{#each full_schedule.peers}}server {{this}};\n{{/each}}")
            .Write("shared/unused.hbs", "never rendered {{x}}");

        var units = _folder.Render("""
            {"role": "web", "deployment_id": "d1", "debug": false,
             "daemons": {"worker": {"instances": 2}, "celery": {"instances": 1}},
             "full_schedule": {"hostname": "example.org", "peers": ["10.0.0.1:80", "10.0.0.2:80"]}}
            """);

        Assert.Equal(["lithos.render.yaml", "nginx/site.render.yml"], units.Select(u => u.File.RelativePath));
        var lithos = units[0].Outputs["processes"];
        Assert.Equal("lithos.yaml.hbs", lithos.TemplatePath);
        Assert.Equal(
            "# web (d1)\nworker: !Daemon\n  instances: 2\n  debug: false\ncelery: !Daemon\n  instances: 1\n  debug: false\n",
            lithos.Text.ReplaceLineEndings("\n"));
        Assert.Equal(2, units[0].File.Commands.Length);
        Assert.Equal("server_name example.org;\n", units[1].Outputs["site"].Text);
        Assert.Equal("shared/upstreams.hbs", units[1].Outputs["upstreams"].TemplatePath);
        Assert.Equal("server 10.0.0.1:80;\nserver 10.0.0.2:80;\n", units[1].Outputs["upstreams"].Text);
    }

    [Fact]
    public void Render_UnitsAreInOrdinalPathOrder()
    {
        _folder.Write("b.render.yaml", "").Write("a/z.render.yaml", "").Write("B.render.yml", "").Write("a.render.yaml~", "");

        Assert.Equal(["B.render.yml", "a/z.render.yaml", "b.render.yaml"], _folder.Render().Select(u => u.File.RelativePath));
    }

    [Fact]
    public void Render_NoRenderFiles_GivesNoUnits() =>
        Assert.Empty(_folder.Write("a.hbs", "x").Render());

    [Fact]
    public void Render_ReferencedTemplateMissing_NamesTheRenderFileAndLine()
    {
        _folder.Write("web.render.yaml", "commands: []\ntemplates:\n  main: main.hbs\n");

        var e = Assert.Throws<RenderException>(() => _folder.Render());

        Assert.Equal(
            "templates/web/v1/web.render.yaml:3:9: template 'main': templates/web/v1/main.hbs does not exist (or is skipped by name)",
            e.Message);
    }

    [Fact]
    public void Render_SyntaxErrorInAnUnreferencedTemplate_FailsTheWholeRender()
    {
        _folder.Write("web.render.yaml", "templates: {a: a.hbs}\n").Write("a.hbs", "ok").Write("spare.hbs", "{{#if x}}");

        var e = Assert.Throws<RenderException>(() => _folder.Render());

        Assert.StartsWith("templates/web/v1/spare.hbs:1:1: syntax error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BadRenderFile_FailsWithItsPosition()
    {
        _folder.Write("web.render.yaml", "commands:\n- !Cmd [a]\n- !Bogus x\n");

        var e = Assert.Throws<RenderException>(() => _folder.Render());

        Assert.Equal(RenderFailure.Templates, e.Failure);
        Assert.StartsWith("templates/web/v1/web.render.yaml:3:3: unknown command tag '!Bogus'", e.Message, StringComparison.Ordinal);
    }
}
