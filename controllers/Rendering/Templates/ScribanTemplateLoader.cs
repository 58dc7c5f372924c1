using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Scriban's <c>include</c>: a name is a path inside the role's template folder, and only a
/// Scriban or Liquid template already loaded from it (through the folder scan and its path
/// checks) can be included; nothing else on disk is read.
/// </summary>
internal sealed class ScribanTemplateLoader(ITemplateScope scope) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var name = templateName.Replace('\\', '/');
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." || name.StartsWith('/'))
            {
                throw new ScriptRuntimeException(callerSpan, $"include '{templateName}': only templates inside the role's template folder can be included");
            }

            parts.Add(part);
        }

        var path = string.Join('/', parts);
        return scope.Find(path) is ScribanCompiledTemplate
            ? path
            : throw new ScriptRuntimeException(callerSpan, $"include '{templateName}': no Scriban or Liquid template of that name in the role's template folder");
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        scope.Find(templatePath)?.Source ?? throw new ScriptRuntimeException(callerSpan, $"include '{templatePath}': not found");

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}
