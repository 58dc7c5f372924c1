namespace Verwalter.Rendering.Templates;

/// <summary>Which template files the renderer knows, by extension.</summary>
internal static class TemplateKinds
{
    /// <summary>What the message for an unknown extension lists.</summary>
    public const string Known = ".hbs, .handlebars, .tera, .sbn, .scriban or .liquid";

    /// <summary>The engine for <paramref name="path"/>, or <see cref="TemplateEngine.None"/> when it is not a template.</summary>
    public static TemplateEngine EngineOf(string path) => Path.GetExtension(path) switch
    {
        ".hbs" or ".handlebars" => TemplateEngine.Handlebars,
        ".tera" => TemplateEngine.Tera,
        ".sbn" or ".scriban" => TemplateEngine.Scriban,
        ".liquid" => TemplateEngine.Liquid,
        _ => TemplateEngine.None,
    };

    public static bool IsTemplate(string path) => EngineOf(path) != TemplateEngine.None;

    /// <summary>Why a file verwalter would have rendered cannot be used here (Trimmer has no .NET port); null for any other file.</summary>
    public static string? Unsupported(string path) =>
        path.EndsWith(".trm", StringComparison.Ordinal) || path.EndsWith(".trimmer", StringComparison.Ordinal)
            ? "Trimmer templates are not supported; convert it to Tera (.tera) or Handlebars (.hbs)"
            : null;
}
