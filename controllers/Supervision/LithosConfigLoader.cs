using System.Collections.Immutable;
using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// Reads master.yaml, every <c>sandboxes/*.yaml</c> and their processes files. A bad master is
/// thrown (nothing can run); a bad sandbox or processes file is recorded and that sandbox marked
/// failed, so the supervisor keeps its last good state for it. A missing processes file means the
/// sandbox runs nothing, as in lithos; a processes file that does not parse is never read as empty.
/// </summary>
internal static class LithosConfigLoader
{
    /// <param name="alternate">Validate this file instead of the configured processes file of one sandbox (<c>switch</c>, <c>lithos-check</c>).</param>
    /// <exception cref="LithosConfigException">master.yaml is invalid.</exception>
    public static LithosConfigTree Load(string masterPath, (string Sandbox, string Path)? alternate = null)
    {
        var master = MasterConfigLoader.Load(masterPath);
        var problems = new List<ConfigProblem>();
        var failed = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var sandboxes = ImmutableSortedDictionary.CreateBuilder<string, SandboxDefinition>(StringComparer.Ordinal);
        var processes = ImmutableSortedDictionary.CreateBuilder<string, ProcessesFile>(StringComparer.Ordinal);
        var files = Directory.Exists(master.SandboxesDir)
            ? Directory.GetFiles(master.SandboxesDir, "*.yaml").Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var sandbox = SandboxLoader.Load(master, file);
                sandboxes[name] = sandbox;
                var path = alternate is { } alt && alt.Sandbox == name ? alt.Path : Path.Combine(master.ProcessesDir, sandbox.ConfigFile);
                processes[name] = File.Exists(path) || alternate?.Sandbox == name
                    ? ProcessesFileLoader.Load(sandbox, path)
                    : ProcessesFile.Empty(path);
            }
            catch (LithosConfigException e)
            {
                problems.Add(e.Problem);
                failed.Add(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ConfigProblem(file, null, null, $"cannot read: {e.Message}"));
                failed.Add(name);
            }
        }

        if (alternate is { } other && !sandboxes.ContainsKey(other.Sandbox) && !failed.Contains(other.Sandbox))
        {
            problems.Add(new ConfigProblem(other.Path, null, null, $"there is no sandbox '{other.Sandbox}' in {master.SandboxesDir}"));
            failed.Add(other.Sandbox);
        }

        return new LithosConfigTree(master, sandboxes.ToImmutable(), processes.ToImmutable(), [.. problems], failed.ToImmutable());
    }
}
