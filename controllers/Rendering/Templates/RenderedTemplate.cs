namespace Verwalter.Rendering.Templates;

/// <summary>One template's output for one render file.</summary>
/// <param name="TemplatePath">The template, relative to the template folder, with forward slashes.</param>
/// <param name="Text">What it rendered to; the caller writes it to the temp file behind <c>{{ files.NAME }}</c>.</param>
public sealed record RenderedTemplate(string TemplatePath, string Text);
