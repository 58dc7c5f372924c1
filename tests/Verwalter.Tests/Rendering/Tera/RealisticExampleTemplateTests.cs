using System.Text.Json.Nodes;
using Verwalter.Rendering.Templates;
using Verwalter.Tests.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Tera;

/// <summary>
/// The realistic example renders the worker's processes file from a <c>.tera</c> and the cache's
/// from a <c>.sbn</c> template; both must give exactly what their former Handlebars versions gave.
/// </summary>
public sealed class RealisticExampleTemplateTests : IDisposable
{
    private const string WorkerHandlebars = """
        # {{ role }} on {{ node }}: version {{ version }} (deployment {{ deployment_id }})
        # A lithos processes file for the {{ role }} sandbox, applied with `verwalter switch`.
        # The schedule's image is {{ image }}; the example runs every role from the local image
        # "example" (lithos/build-image.sh) and passes the version as a variable.
        # memory-mb: {{ memory_mb }}, cpu: {{ cpu }}, queues: {{ env.QUEUES }}
        worker:
          image: example
          config: /config/worker.yaml
          instances: {{ instances }}
          variables:
            VERSION: "{{ version }}"

        """;

    private const string CacheHandlebars = """
        # {{ role }} on {{ node }}: version {{ version }} (deployment {{ deployment_id }})
        # A lithos processes file for the {{ role }} sandbox, applied with `verwalter switch`.
        # The schedule's image is {{ image }}; the example runs every role from the local image
        # "example" (lithos/build-image.sh) and passes the version as a variable.
        # memory-mb: {{ memory_mb }}
        cache:
          image: example
          config: /config/cache.yaml
          instances: {{ instances }}
          variables:
            VERSION: "{{ version }}"
            PORT: "{{ ports.memcache }}"

        """;

    private const string Vars = """
        {"role": "ROLE", "node": "alpha", "version": "v1.1.0", "deployment_id": "d-1", "image": "registry/x:1",
         "memory_mb": 256, "cpu": 2.0, "env": {"QUEUES": "default,mail"}, "instances": 2, "ports": {"memcache": 11211}}
        """;

    private readonly TemplateFolder _handlebars = new();

    public void Dispose() => _handlebars.Dispose();

    [Theory]
    [InlineData("worker", "processes.yaml.tera", WorkerHandlebars)]
    [InlineData("cache", "processes.yaml.sbn", CacheHandlebars)]
    public void Render_ConvertedTemplate_GivesTheHandlebarsOutput(string role, string file, string handlebars)
    {
        var folder = Path.Combine(ExampleRoot(), "runtime-examples", "realistic", "templates", role, "v1");
        var vars = Vars.Replace("ROLE", role, StringComparison.Ordinal);

        var rendered = RoleTemplates.Render(folder, JsonNode.Parse(vars)!.AsObject(), strict: false, new CompiledTemplateCache())
            .SelectMany(u => u.Outputs.Values).Single(o => o.TemplatePath == file).Text;
        var expected = _handlebars.RenderAs("p.hbs", handlebars, vars);

        Assert.Equal(expected, rendered);
        Assert.Contains($"{role} on alpha: version v1.1.0 (deployment d-1)", rendered, StringComparison.Ordinal);
    }

    private static string ExampleRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "runtime-examples", "realistic")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("runtime-examples/realistic not found above the test binaries");
    }
}
