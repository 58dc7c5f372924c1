using System.Text.Json.Nodes;
using Verwalter.Rendering;
using Verwalter.Rendering.Templates;
using Verwalter.Tests.Configuration;

namespace Verwalter.Tests.Rendering.Templates;

/// <summary>A throw-away config folder with one template folder, <c>templates/web/v1</c>, and a private compile cache.</summary>
internal sealed class TemplateFolder : IDisposable
{
    private readonly TempConfigDir _config = new();

    public string Path => _config.PathOf("templates/web/v1");

    public CompiledTemplateCache Cache { get; } = new();

    public TemplateFolder Write(string relative, string content)
    {
        _config.Write("templates/web/v1/" + relative, content);
        return this;
    }

    public string FullPathOf(string relative) => _config.PathOf("templates/web/v1/" + relative);

    public IReadOnlyList<RenderedUnit> Render(string varsJson = "{}", bool strict = false) =>
        RoleTemplates.Render(Path, JsonNode.Parse(varsJson)!.AsObject(), strict, Cache);

    /// <summary>Renders <paramref name="template"/> alone (as <c>t.hbs</c>) and returns its text.</summary>
    public string RenderOne(string template, string varsJson = "{}", bool strict = false)
    {
        Write("t.render.yaml", "templates:\n  t: t.hbs\n").Write("t.hbs", template);
        return Render(varsJson, strict).Single().Outputs["t"].Text;
    }

    /// <summary>Renders <paramref name="template"/> alone as <paramref name="name"/> (its extension picks the engine) and returns its text.</summary>
    public string RenderAs(string name, string template, string varsJson = "{}", bool strict = false)
    {
        Write("t.render.yaml", $"templates:\n  t: {name}\n").Write(name, template);
        return Render(varsJson, strict).Single().Outputs["t"].Text;
    }

    /// <summary>The message of the render failure of <see cref="RenderAs"/>.</summary>
    public string RenderErrorAs(string name, string template, string varsJson = "{}", bool strict = false) =>
        Assert.Throws<RenderException>(() => RenderAs(name, template, varsJson, strict)).Message;

    public void Dispose() => _config.Dispose();
}
