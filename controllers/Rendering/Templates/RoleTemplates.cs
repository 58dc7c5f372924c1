using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Verwalter.Configuration;
using YamlDotNet.Core;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Phase 1 of a role's apply: reads every render file of the role's template folder and renders
/// all their templates with the role's full variables as context. Nothing is written to disk;
/// the caller puts each output in a temp file and then runs the units' commands in order.
/// </summary>
public static class RoleTemplates
{
    /// <param name="templateFolder">The role's template folder (<c>&lt;config&gt;/templates/&lt;template&gt;</c>).</param>
    /// <param name="vars">The role's variables, <c>full_schedule</c> included.</param>
    /// <param name="strict">Make an undefined name in a template an error instead of an empty string.</param>
    /// <returns>One entry per <c>*.render.yaml</c>/<c>*.render.yml</c> file, ordered by relative path (ordinal).</returns>
    /// <exception cref="RenderException">Of kind <see cref="RenderFailure.Templates"/>; the message names the file and, when known, the line.</exception>
    public static IReadOnlyList<RenderedUnit> Render(string templateFolder, JsonObject vars, bool strict) =>
        Render(templateFolder, vars, strict, CompiledTemplateCache.Shared);

    internal static IReadOnlyList<RenderedUnit> Render(string templateFolder, JsonObject vars, bool strict, CompiledTemplateCache cache)
    {
        ArgumentNullException.ThrowIfNull(templateFolder);
        ArgumentNullException.ThrowIfNull(vars);
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var units = new List<(RenderFile File, Dictionary<string, Mark> Marks)>();
        foreach (var file in TemplateSet.ScanFolder(templateFolder, IsRenderFile))
        {
            var marks = new Dictionary<string, Mark>(StringComparer.Ordinal);
            var text = TemplateSet.Read(templateFolder, file, problems);
            units.Add((RenderFileParser.Parse(templateFolder, file.RelativePath, text, marks), marks));
        }

        var templates = TemplateSet.Load(templateFolder, strict, cache);
        var data = TemplateData.From(vars);

        var rendered = new List<RenderedUnit>(units.Count);
        foreach (var (unit, marks) in units)
        {
            var usedBy = TemplatePaths.Display(templateFolder, unit.RelativePath);
            var outputs = ImmutableSortedDictionary.CreateBuilder<string, RenderedTemplate>(StringComparer.Ordinal);
            foreach (var (name, path) in unit.Templates)
            {
                if (!templates.Contains(path))
                {
                    var at = marks[name];
                    throw new RenderException(RenderFailure.Templates, string.Create(
                        CultureInfo.InvariantCulture,
                        $"{usedBy}:{at.Line}:{at.Column}: template '{name}': {TemplatePaths.Display(templateFolder, path)} does not exist (or is skipped by name)"));
                }

                outputs[name] = new RenderedTemplate(path, templates.Render(path, data, usedBy));
            }

            rendered.Add(new RenderedUnit(unit, outputs.ToImmutable()));
        }

        return rendered;
    }

    /// <summary>Render files are recognised by name, as in verwalter (not the documented <c>*.vw.yaml</c>).</summary>
    public static bool IsRenderFile(string name) =>
        name.EndsWith(".render.yaml", StringComparison.Ordinal) || name.EndsWith(".render.yml", StringComparison.Ordinal);
}
