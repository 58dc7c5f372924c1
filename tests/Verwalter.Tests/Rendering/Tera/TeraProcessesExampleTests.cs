using Verwalter.Tests.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Tera;

/// <summary>
/// The shape of the original verwalter's fuller examples: a lithos processes file rendered from
/// a <c>.tera</c> template looping over <c>daemons</c> and, when the role defines them, <c>commands</c>.
/// </summary>
public sealed class TeraProcessesExampleTests : IDisposable
{
    private const string Template = """
        # {{ role }} {{ version }}
        {% for name, daemon in daemons -%}
        {{ name }}:
          image: {{ daemon.image | default(value=role ~ "." ~ version) }}
          config: /config/{{ name }}.yaml
          instances: {{ daemon.instances | default(value=1) }}
        {% endfor -%}
        {% if commands is defined -%}
        {% for name, command in commands -%}
        {{ name }}:
          kind: Command
          image: {{ role }}.{{ version }}
          config: /config/{{ command.config }}
        {% endfor -%}
        {% endif -%}
        """;

    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Render_DaemonsAndCommands_OneEntryEachInKeyOrder()
    {
        var text = _folder.RenderAs("lithos.yaml.tera", Template, """
            {"role": "django", "version": "v1.2",
             "daemons": {"worker": {"instances": 2}, "celery": {"image": "celery.v3", "instances": 1}},
             "commands": {"migrate": {"config": "migrate.yaml"}}}
            """);

        Assert.Equal("""
            # django v1.2
            celery:
              image: celery.v3
              config: /config/celery.yaml
              instances: 1
            worker:
              image: django.v1.2
              config: /config/worker.yaml
              instances: 2
            migrate:
              kind: Command
              image: django.v1.2
              config: /config/migrate.yaml

            """, text);
    }

    [Fact]
    public void Render_NoCommands_OnlyDaemons()
    {
        var text = _folder.RenderAs("lithos.yaml.tera", Template, """{"role": "web", "version": "1", "daemons": {"web": {}}}""");

        Assert.Equal("# web 1\nweb:\n  image: web.1\n  config: /config/web.yaml\n  instances: 1\n", text);
    }
}
