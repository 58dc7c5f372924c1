namespace Verwalter.Rendering.Templates;

/// <summary>A render file and its rendered templates by name (the keys of its <c>templates:</c>).</summary>
public sealed record RenderedUnit(RenderFile File, IReadOnlyDictionary<string, RenderedTemplate> Outputs);
