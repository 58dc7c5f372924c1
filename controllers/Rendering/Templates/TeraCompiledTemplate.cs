using Verwalter.Rendering.Tera;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// A Tera template, parsed by the project's own Tera front end (<see cref="TeraTemplate"/>).
/// Include, import and extends name other <c>.tera</c> files of the same template folder by
/// their path in it. Tera always treats an undefined name as an error, strict or not.
/// </summary>
internal sealed class TeraCompiledTemplate : CompiledTemplate
{
    private TeraCompiledTemplate(string source, TeraTemplate parsed)
        : base(source) => Parsed = parsed;

    public TeraTemplate Parsed { get; }

    public static TeraCompiledTemplate Compile(string relativePath, string source, string display)
    {
        try
        {
            return new TeraCompiledTemplate(source, TeraTemplate.Parse(relativePath, source));
        }
        catch (TeraException e)
        {
            throw new RenderException(RenderFailure.Templates, $"{TemplateLocation.Of(display, e.Line, e.Column)}: syntax error: {e.Message}", e);
        }
    }

    public override string Render(object? data, ITemplateScope scope, string relativePath, string usedBy)
    {
        var context = data as IDictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            return TeraRenderer.Render(Parsed, name => (scope.Find(name) as TeraCompiledTemplate)?.Parsed, context);
        }
        catch (TeraException e)
        {
            var display = scope.Display(e.Template ?? relativePath);
            throw new RenderException(RenderFailure.Templates, $"{TemplateLocation.Of(display, e.Line, e.Column)}: {e.Message}, rendering for {usedBy}", e);
        }
    }
}
