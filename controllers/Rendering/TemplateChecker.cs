using System.Collections.Immutable;
using Verwalter.Configuration;
using Verwalter.Rendering.Templates;

namespace Verwalter.Rendering;

/// <summary>
/// What <c>verwalter check</c> can know about templates without a schedule: every folder under
/// <c>templates/</c> that holds render files must have render files that parse and templates
/// that compile.
/// </summary>
internal static class TemplateChecker
{
    public static ImmutableArray<ConfigProblem> Check(string configDir)
    {
        var root = Path.Combine(configDir, "templates");
        if (!Directory.Exists(root))
        {
            return [];
        }

        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var folders = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => RoleTemplates.IsRenderFile(Path.GetFileName(f)))
            .Select(f => Path.GetDirectoryName(f)!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var relative = Path.GetRelativePath(configDir, folder).Replace('\\', '/');
            try
            {
                foreach (var file in Directory.EnumerateFiles(folder).Where(f => RoleTemplates.IsRenderFile(Path.GetFileName(f))).Order(StringComparer.Ordinal))
                {
                    RenderFileParser.Parse(folder, Path.GetFileName(file), File.ReadAllText(file));
                }

                TemplateSet.Load(folder, strict: false);
            }
            catch (RenderException ex)
            {
                problems.Add(new ConfigProblem(relative, null, null, ex.Message));
            }
            catch (IOException ex)
            {
                problems.Add(new ConfigProblem(relative, null, null, ex.Message));
            }
        }

        return problems.ToImmutable();
    }
}
