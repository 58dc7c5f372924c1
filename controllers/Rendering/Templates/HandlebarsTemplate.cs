using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace Verwalter.Rendering.Templates;

/// <summary>A Handlebars template compiled with <see cref="HandlebarsEnvironments"/>.</summary>
internal sealed class HandlebarsTemplate : CompiledTemplate
{
    private readonly HandlebarsTemplate<object, object> _template;

    private HandlebarsTemplate(string source, HandlebarsTemplate<object, object> template)
        : base(source) => _template = template;

    /// <summary>Compiles <paramref name="source"/>; a syntax error names <paramref name="display"/> and, when known, the line.</summary>
    public static HandlebarsTemplate Compile(string source, bool strict, string display)
    {
        try
        {
            return new HandlebarsTemplate(source, HandlebarsEnvironments.Create(strict).Compile(source));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handlebars.Net reports malformed input with its own exceptions but also with
            // InvalidOperationException and others (e.g. "{{#if}}"); all of them mean "fix the template".
            var (message, line, column) = TemplateErrorLocator.CompileError(e.Message, source);
            throw new RenderException(RenderFailure.Templates, $"{Locate(display, line, column)}: syntax error: {message}", e);
        }
    }

    public override string Render(object? data, ITemplateScope scope, string relativePath, string usedBy)
    {
        var display = scope.Display(relativePath);
        try
        {
            return _template(data!);
        }
        catch (HandlebarsUndefinedBindingException e)
        {
            var line = TemplateErrorLocator.FirstUse(Source, e.Path ?? e.MissingKey ?? string.Empty);
            throw new RenderException(
                RenderFailure.Templates,
                $"{Locate(display, line, null)}: '{e.Path}' is undefined (strict mode), rendering for {usedBy}",
                e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RenderException(RenderFailure.Templates, $"{display}: {e.Message.Trim()}, rendering for {usedBy}", e);
        }
    }

    private static string Locate(string display, int? line, int? column) => TemplateLocation.Of(display, line, column);
}
