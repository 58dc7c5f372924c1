using System.Diagnostics;
using System.Text.Json.Nodes;
using Verwalter.Rendering.Templates;

namespace Verwalter.Benchmarks;

/// <summary>
/// Rendering N roles (phase 1 of apply: read the render file, load the compiled templates, render)
/// with the same processes-file template written for Tera, Scriban and Handlebars, timed in the
/// same run and interleaved, so the ratios against Handlebars hold on a loaded machine. Compiles
/// are cached (as in the daemon); the first, cold pass is reported separately.
/// </summary>
internal static class TemplateEnginesBenchmark
{
    private static readonly (string Engine, string File, string Text)[] Variants =
    [
        ("Handlebars", "p.hbs", "# {{ role }} {{ version }}\n{{#each daemons}}{{ @key }}:\n  image: {{ image }}\n  instances: {{ instances }}\n{{#each ports}}  port-{{ @key }}: {{ this }}\n{{/each}}{{/each}}"),
        ("Tera", "p.tera", "# {{ role }} {{ version }}\n{% for name, d in daemons %}{{ name }}:\n  image: {{ d.image }}\n  instances: {{ d.instances }}\n{% for k, v in d.ports %}  port-{{ k }}: {{ v }}\n{% endfor %}{% endfor %}"),
        ("Scriban", "p.sbn", "# {{ role }} {{ version }}\n{{ for d in daemons }}{{ d.key }}:\n  image: {{ d.value.image }}\n  instances: {{ d.value.instances }}\n{{ for p in d.value.ports }}  port-{{ p.key }}: {{ p.value }}\n{{ end }}{{ end }}"),
    ];

    public static int Run(string[] args)
    {
        var roles = Options.Int(args, "--roles", 100);
        var runs = Options.Int(args, "--runs", 20);
        var root = Directory.CreateTempSubdirectory("verwalter-bench-engines-");
        try
        {
            var folders = Variants.Select(v =>
            {
                var folder = Path.Combine(root.FullName, "templates", v.Engine.ToLowerInvariant(), "v1");
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, v.File), v.Text);
                File.WriteAllText(Path.Combine(folder, "p.render.yaml"), $"templates:\n  p: {v.File}\ncommands: []\n");
                return folder;
            }).ToArray();
            var vars = Enumerable.Range(0, roles).Select(Vars).ToArray();
            var cache = new CompiledTemplateCache();

            var cold = new double[Variants.Length];
            var texts = new string[Variants.Length];
            for (var e = 0; e < Variants.Length; e++)
            {
                var started = Stopwatch.GetTimestamp();
                texts[e] = Pass(folders[e], vars, cache);
                cold[e] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            if (texts.Distinct(StringComparer.Ordinal).Count() != 1)
            {
                Console.Error.WriteLine("the three templates rendered different text; the comparison would be meaningless");
                return 1;
            }

            var times = Variants.Select(_ => new double[runs]).ToArray();
            for (var run = 0; run < runs; run++)
            {
                for (var e = 0; e < Variants.Length; e++)
                {
                    var started = Stopwatch.GetTimestamp();
                    Pass(folders[e], vars, cache);
                    times[e][run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            foreach (var t in times)
            {
                Array.Sort(t);
            }

            Console.WriteLine($"rendering {roles} roles (one processes-file template each, 3 daemons x 2 ports), {runs} runs after a cold pass:");
            Console.WriteLine("| engine | cold pass ms (compile + render) | median ms | p99 ms | median / Handlebars |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            var baseline = Options.Percentile(times[0], 0.5);
            for (var e = 0; e < Variants.Length; e++)
            {
                var median = Options.Percentile(times[e], 0.5);
                Console.WriteLine($"| {Variants[e].Engine} | {cold[e]:F1} | {median:F1} | {Options.Percentile(times[e], 0.99):F1} | {median / baseline:F2}x |");
            }

            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string Pass(string folder, JsonObject[] vars, CompiledTemplateCache cache)
    {
        var last = string.Empty;
        foreach (var v in vars)
        {
            last = RoleTemplates.Render(folder, v, strict: false, cache)[0].Outputs["p"].Text;
        }

        return last;
    }

    private static JsonObject Vars(int r)
    {
        var daemons = new JsonObject();
        foreach (var name in new[] { "api", "web", "worker" })
        {
            daemons[name] = new JsonObject
            {
                ["image"] = $"registry.local/{name}:{r}",
                ["instances"] = 1 + (r % 3),
                ["ports"] = new JsonObject { ["http"] = 8000 + r, ["metrics"] = 9000 + r },
            };
        }

        return new JsonObject { ["role"] = $"role{r:000}", ["version"] = "v1", ["daemons"] = daemons };
    }
}
