using System.Globalization;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// One Handlebars template compiled with <see cref="HandlebarsEnvironments"/>, plus its source
/// (kept to place render-time errors on a line). Safe to render from several threads at once.
/// </summary>
internal sealed class CompiledTemplate
{
    private readonly HandlebarsTemplate<object, object> _template;

    private CompiledTemplate(string source, HandlebarsTemplate<object, object> template)
    {
        Source = source;
        _template = template;
    }

    public string Source { get; }

    /// <summary>Compiles <paramref name="source"/>; a syntax error names <paramref name="display"/> and, when known, the line.</summary>
    public static CompiledTemplate Compile(string source, bool strict, string display)
    {
        try
        {
            return new CompiledTemplate(source, HandlebarsEnvironments.Create(strict).Compile(source));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handlebars.Net reports malformed input with its own exceptions but also with
            // InvalidOperationException and others (e.g. "{{#if}}"); all of them mean "fix the template".
            var (message, line, column) = TemplateErrorLocator.CompileError(e.Message, source);
            throw new RenderException(RenderFailure.Templates, $"{Locate(display, line, column)}: syntax error: {message}", e);
        }
    }

    /// <summary>Renders with <paramref name="data"/> (plain CLR values, see <see cref="TemplateData"/>).</summary>
    /// <param name="display">The template's name in messages.</param>
    /// <param name="usedBy">The render file that asked for it, named in messages.</param>
    public string Render(object? data, string display, string usedBy)
    {
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

    private static string Locate(string display, int? line, int? column) => (line, column) switch
    {
        ({ } l, { } c) => string.Create(CultureInfo.InvariantCulture, $"{display}:{l}:{c}"),
        ({ } l, null) => string.Create(CultureInfo.InvariantCulture, $"{display}:{l}"),
        _ => display,
    };
}
