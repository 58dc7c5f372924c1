using System.Collections.Immutable;
using Verwalter.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Reads one <c>*.render.yaml</c> file: <c>templates:</c> (name → template path relative to the
/// render file's folder) and <c>commands:</c> (a list of tagged commands). Only the first YAML
/// document is read; an empty document is a unit with nothing to do. Any mistake is a
/// <see cref="RenderException"/> (<see cref="RenderFailure.Templates"/>) naming the file, line and column.
/// </summary>
public static class RenderFileParser
{
    private static readonly string[] TopLevelKeys = ["templates", "commands"];

    /// <param name="templateFolder">The role's template folder.</param>
    /// <param name="relativePath">The render file, relative to <paramref name="templateFolder"/>.</param>
    /// <param name="yamlText">Its content.</param>
    public static RenderFile Parse(string templateFolder, string relativePath, string yamlText) =>
        Parse(templateFolder, relativePath, yamlText, templateMarks: null);

    /// <summary>As <see cref="Parse(string, string, string)"/>, also noting where each template entry stands.</summary>
    internal static RenderFile Parse(string templateFolder, string relativePath, string yamlText, Dictionary<string, Mark>? templateMarks)
    {
        ArgumentNullException.ThrowIfNull(templateFolder);
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(yamlText);
        var unit = relativePath.Replace('\\', '/');
        var reader = new RenderYamlReader(new Parser(new StringReader(yamlText)), TemplatePaths.Display(templateFolder, unit));
        try
        {
            return ReadDocument(reader, templateFolder, unit, templateMarks);
        }
        catch (YamlException e)
        {
            throw reader.Error(e.Start, YamlToJson.BareMessage(e), e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these for some malformed input; keep the position promise.
            throw reader.Error(reader.Position, "invalid YAML near here", e);
        }
    }

    private static RenderFile ReadDocument(
        RenderYamlReader reader, string templateFolder, string unit, Dictionary<string, Mark>? templateMarks)
    {
        var templates = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        var commands = ImmutableArray<RenderCommand>.Empty;
        reader.Consume<StreamStart>();
        if (!reader.TryConsume<DocumentStart>())
        {
            return new RenderFile(unit, templates, commands);
        }

        reader.ReadStruct("the render file", TopLevelKeys, field =>
        {
            if (field == "templates")
            {
                templates = ReadTemplates(reader, templateFolder, unit, templateMarks);
            }
            else
            {
                commands = RenderCommandReader.ReadList(reader, nested: false);
            }
        });
        reader.Consume<DocumentEnd>();
        return new RenderFile(unit, templates, commands);
    }

    private static ImmutableSortedDictionary<string, string> ReadTemplates(
        RenderYamlReader reader, string templateFolder, string unit, Dictionary<string, Mark>? templateMarks)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var node = reader.Node;
        if (RenderYamlReader.IsNull(node))
        {
            reader.Consume<Scalar>();
            return result.ToImmutable();
        }

        if (node is not MappingStart)
        {
            throw reader.Error(node.Start, $"templates must be a map of name: path, not a {RenderYamlReader.ShapeOf(node)}");
        }

        reader.Consume<MappingStart>();
        while (!reader.TryConsume<MappingEnd>())
        {
            var keyNode = reader.Node;
            if (keyNode is not Scalar { Value.Length: > 0 } key)
            {
                throw reader.Error(keyNode.Start, "template names must be non-empty strings");
            }

            reader.Consume<Scalar>();
            var valueStart = reader.Node.Start;
            var target = reader.ReadString($"template '{key.Value}'");
            var resolved = TemplatePaths.ResolveInside(templateFolder, unit, target)
                ?? throw reader.Error(valueStart, $"template '{key.Value}': path '{target}' is outside the template folder");
            if (TemplateKinds.Unsupported(resolved) is { } unsupported)
            {
                throw reader.Error(valueStart, $"template '{key.Value}' ({target}): {unsupported}");
            }

            if (!TemplateKinds.IsTemplate(resolved))
            {
                throw reader.Error(valueStart, $"template '{key.Value}' ({target}): unknown template type; use {TemplateKinds.Known}");
            }

            if (!result.TryAdd(key.Value, resolved))
            {
                throw reader.Error(key.Start, $"template '{key.Value}' is listed twice");
            }

            templateMarks?.Add(key.Value, valueStart);
        }

        return result.ToImmutable();
    }
}
