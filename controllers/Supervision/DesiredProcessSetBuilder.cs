using System.Collections.Immutable;
using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// Builds the desired instances from a loaded tree (spec B.3.2) with every check applied. A
/// sandbox is all or nothing: one bad entry fails the sandbox, so a half-valid processes file never
/// stops the processes the broken entries name. Command entries are checked but not started.
/// </summary>
internal static class DesiredProcessSetBuilder
{
    public static DesiredProcessSet Build(LithosConfigTree tree, IContainerConfigReader reader)
    {
        var problems = new List<ConfigProblem>(tree.Problems);
        var failed = tree.FailedSandboxes.ToBuilder();
        var instances = ImmutableSortedDictionary.CreateBuilder<InstanceKey, DesiredInstance>();
        foreach (var (name, file) in tree.Processes)
        {
            var sandbox = tree.Sandboxes[name];
            var before = problems.Count;
            var resolved = new List<DesiredInstance>();
            foreach (var entry in file.Entries.Values)
            {
                resolved.AddRange(BuildEntry(file.Path, sandbox, entry, reader, problems));
            }

            if (problems.Count > before)
            {
                failed.Add(name);
                continue;
            }

            foreach (var instance in resolved)
            {
                instances[instance.Key] = instance;
            }
        }

        return new DesiredProcessSet(instances.ToImmutable(), [.. problems], failed.ToImmutable());
    }

    private static List<DesiredInstance> BuildEntry(
        string file, SandboxDefinition sandbox, ProcessEntry entry, IContainerConfigReader reader, List<ConfigProblem> problems)
    {
        ContainerConfig container;
        try
        {
            container = reader.Read(sandbox, entry.Image, entry.Config);
        }
        catch (LithosConfigException e)
        {
            problems.Add(ProcessValidator.Problem(file, entry, "config", $"the container config is invalid: {e.Problem}"));
            return [];
        }

        var found = ProcessValidator.Check(file, sandbox, entry, container);
        if (found.Count > 0)
        {
            problems.AddRange(found);
            return [];
        }

        if (entry.Kind is not ProcessKind.Daemon)
        {
            return [];
        }

        var result = new List<DesiredInstance>(entry.Instances);
        try
        {
            for (var i = 0; i < entry.Instances; i++)
            {
                result.Add(InstanceResolver.Resolve(file, sandbox, entry, container, i));
            }
        }
        catch (LithosConfigException e)
        {
            problems.Add(e.Problem);
            return [];
        }

        return result;
    }
}
