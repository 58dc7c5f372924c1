namespace Verwalter.Rendering.Templates;

/// <summary>
/// One template compiled by the engine its extension names (<see cref="TemplateKinds"/>), plus
/// its source (kept to place render-time errors on a line). Safe to render from several threads at once.
/// </summary>
internal abstract class CompiledTemplate(string source)
{
    public string Source { get; } = source;

    /// <summary>
    /// Compiles <paramref name="source"/> with the engine of <paramref name="relativePath"/>; a syntax
    /// error is a <see cref="RenderException"/> naming <paramref name="display"/>, the line and the column.
    /// </summary>
    public static CompiledTemplate Compile(string relativePath, string source, bool strict, string display) =>
        TemplateKinds.EngineOf(relativePath) switch
        {
            TemplateEngine.Handlebars => HandlebarsTemplate.Compile(source, strict, display),
            TemplateEngine.Tera => TeraCompiledTemplate.Compile(relativePath, source, display),
            TemplateEngine.Scriban => ScribanCompiledTemplate.Compile(relativePath, source, strict, liquid: false, display),
            TemplateEngine.Liquid => ScribanCompiledTemplate.Compile(relativePath, source, strict, liquid: true, display),
            _ => throw new RenderException(RenderFailure.Templates, $"{display}: unknown template type; use {TemplateKinds.Known}"),
        };

    /// <summary>Renders with <paramref name="data"/> (plain CLR values, see <see cref="TemplateData"/>).</summary>
    /// <param name="scope">The template folder, for includes and for naming files in messages.</param>
    /// <param name="relativePath">This template's path in the folder.</param>
    /// <param name="usedBy">The render file that asked for it, named in messages.</param>
    public abstract string Render(object? data, ITemplateScope scope, string relativePath, string usedBy);
}
