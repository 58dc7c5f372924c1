namespace Verwalter.Rendering.Templates;

/// <summary>Which template files the renderer knows, by extension.</summary>
internal static class TemplateKinds
{
    /// <summary>Compiled with Handlebars.Net.</summary>
    public static bool IsHandlebars(string path) =>
        path.EndsWith(".hbs", StringComparison.Ordinal) || path.EndsWith(".handlebars", StringComparison.Ordinal);

    /// <summary>
    /// Why a file verwalter would have rendered with another engine cannot be used here
    /// (Tera and Trimmer have no .NET port); null for any other file.
    /// </summary>
    public static string? Unsupported(string path)
    {
        if (path.EndsWith(".tera", StringComparison.Ordinal))
        {
            return "Tera templates are not supported; convert it to Handlebars (.hbs)";
        }

        return path.EndsWith(".trm", StringComparison.Ordinal) || path.EndsWith(".trimmer", StringComparison.Ordinal)
            ? "Trimmer templates are not supported; convert it to Handlebars (.hbs)"
            : null;
    }
}
