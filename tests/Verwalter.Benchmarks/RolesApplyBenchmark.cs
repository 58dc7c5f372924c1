using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Verwalter.Model;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;

namespace Verwalter.Benchmarks;

/// <summary>
/// Render and apply of N roles, each with one Handlebars template and one <c>!Copy</c>, through the
/// daemon's own apply code (with deployment logging), against a shell script doing the same
/// substitution and atomic replace with sed and mv, timed in the same run.
/// </summary>
internal static class RolesApplyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var roles = Options.Int(args, "--roles", 100);
        var runs = Options.Int(args, "--runs", 10);
        var root = Directory.CreateTempSubdirectory("verwalter-bench-roles-");
        try
        {
            var folder = Path.Combine(root.FullName, "templates", "app", "v1");
            var output = Path.Combine(root.FullName, "out");
            Directory.CreateDirectory(folder);
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(folder, "main.hbs"), "role={{ role }}\nimage={{ image }}\n{{#each ports}}port {{@key}}={{this}}\n{{/each}}");
            File.WriteAllText(Path.Combine(folder, "app.render.yaml"),
                $"templates:\n  main: main.hbs\ncommands:\n- !Copy\n  src: \"{{{{ files.main }}}}\"\n  dest: {output}/{{{{ role }}}}.conf\n");
            var writer = new DeploymentLogWriter(Path.Combine(root.FullName, "log"), TimeProvider.System);
            var options = new RenderOptions { LogDir = Path.Combine(root.FullName, "log") };

            var ours = new double[runs];
            for (var run = -1; run < runs; run++)
            {
                var started = Stopwatch.GetTimestamp();
                var deployment = writer.Begin($"bench{run + 1:000000000000000000000}", "hash", [], null, hashChanged: false);
                for (var r = 0; r < roles; r++)
                {
                    var role = $"role{r:000}";
                    var vars = new JsonObject
                    {
                        ["role"] = role,
                        ["template"] = "app/v1",
                        ["deployment_id"] = "bench",
                        ["verwalter_version"] = VerwalterVersion.Current,
                        ["image"] = $"registry.local/{role}:{run}",
                        ["ports"] = new JsonObject { ["http"] = 8000 + r, ["metrics"] = 9000 + r },
                    };
                    using var log = deployment.OpenRole(role);
                    await RoleApplier.ApplyAsync(folder, vars, log, new Dictionary<string, string>(), options, CancellationToken.None);
                }

                deployment.Finish();
                if (run >= 0)
                {
                    ours[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            var shell = ShellPeer(root.FullName, roles, runs);
            Array.Sort(ours);
            Console.WriteLine($"render + apply of {roles} roles (one template, one !Copy each), {runs} runs after a warm-up:");
            Console.WriteLine("| variant | median ms | p99 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            Console.WriteLine($"| verwalter apply code (Handlebars + !Copy + deployment logs) | {Options.Percentile(ours, 0.5):F0} | {Options.Percentile(ours, 0.99):F0} |");
            if (shell is { } s)
            {
                Console.WriteLine($"| bash: sed substitution + mv per role | {Options.Percentile(s, 0.5):F0} | {Options.Percentile(s, 0.99):F0} |");
                Console.WriteLine($"ratio (verwalter / bash): median {Options.Percentile(ours, 0.5) / Options.Percentile(s, 0.5):F2}x");
            }

            Console.WriteLine($"goal <= 1000 ms: {(Options.Percentile(ours, 0.5) <= 1000 ? "met" : "NOT met")}");
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static double[]? ShellPeer(string root, int roles, int runs)
    {
        var script = Path.Combine(root, "peer.sh");
        File.WriteAllText(script, """
            set -e
            out="$1/shell-out"; mkdir -p "$out"
            for i in $(seq -w 0 $(($2 - 1))); do
              role="role$i"
              sed -e "s/{{ role }}/$role/" -e "s/{{ image }}/registry.local\/$role:1/" "$1/shell-template" > "$out/.tmp.$role.conf"
              mv "$out/.tmp.$role.conf" "$out/$role.conf"
            done
            """);
        File.WriteAllText(Path.Combine(root, "shell-template"), "role={{ role }}\nimage={{ image }}\nport http=8000\nport metrics=9000\n");
        var times = new double[runs];
        for (var run = 0; run < runs; run++)
        {
            var info = new ProcessStartInfo("bash") { UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(root);
            info.ArgumentList.Add(roles.ToString(CultureInfo.InvariantCulture));
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            process.WaitForExit();
            times[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }
}
