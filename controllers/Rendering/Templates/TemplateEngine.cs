namespace Verwalter.Rendering.Templates;

/// <summary>Which engine renders a template file, chosen by its extension.</summary>
internal enum TemplateEngine
{
    None,
    Handlebars,
    Tera,
    Scriban,
    Liquid,
}
