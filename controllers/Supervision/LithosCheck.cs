using Verwalter.Configuration;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>
/// The supervisor's own checks, run without a supervisor: every file parses, every rule of
/// <see cref="DesiredProcessSetBuilder"/> holds, and every instance can be mapped to a bubblewrap
/// sandbox. <c>switch</c> and <c>lithos-check</c> use this, so a file they accept is one the
/// supervisor accepts.
/// </summary>
internal static class LithosCheck
{
    /// <param name="alternate">Check this file as the processes file of that sandbox.</param>
    /// <param name="only">Report only this sandbox's problems.</param>
    /// <exception cref="LithosConfigException">master.yaml is invalid.</exception>
    public static List<ConfigProblem> Run(string masterPath, (string Sandbox, string Path)? alternate, string? only, IContainerConfigReader reader)
    {
        var tree = LithosConfigLoader.Load(masterPath, alternate);
        var desired = DesiredProcessSetBuilder.Build(tree, reader);
        var problems = new List<ConfigProblem>(desired.Problems);
        foreach (var instance in desired.Instances.Values)
        {
            try
            {
                BwrapCommandBuilder.Build(tree.Master, tree.Sandboxes[instance.Key.Sandbox], instance, BwrapTools.Default);
            }
            catch (SandboxUnsupportedException e)
            {
                var file = tree.Processes[instance.Key.Sandbox].Path;
                if (!problems.Any(p => p.Path == file && p.Message.EndsWith(e.Message, StringComparison.Ordinal)))
                {
                    problems.Add(new ConfigProblem(file, null, null, $"{instance.Key.Process}: {e.Message}"));
                }
            }
        }

        if (only is null)
        {
            return problems;
        }

        var sandboxFile = Path.Combine(tree.Master.SandboxesDir, $"{only}.yaml");
        var processesFile = alternate?.Path ?? (tree.Processes.TryGetValue(only, out var f) ? f.Path : null);
        return [.. problems.Where(p => p.Path == sandboxFile || p.Path == processesFile || p.Path.StartsWith(Path.Combine(tree.Sandboxes.GetValueOrDefault(only)?.ImageDir ?? "\0", ""), StringComparison.Ordinal))];
    }
}
