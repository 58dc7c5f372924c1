using System.Globalization;

namespace Verwalter.Rendering.Templates;

/// <summary>Formats <c>file:line:column</c> for template messages.</summary>
internal static class TemplateLocation
{
    public static string Of(string display, int? line, int? column) => (line, column) switch
    {
        ({ } l and > 0, { } c and > 0) => string.Create(CultureInfo.InvariantCulture, $"{display}:{l}:{c}"),
        ({ } l and > 0, _) => string.Create(CultureInfo.InvariantCulture, $"{display}:{l}"),
        _ => display,
    };
}
