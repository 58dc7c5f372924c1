using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Rendering.Commands;
using Verwalter.Rendering.Templates;

namespace Verwalter.Rendering;

/// <summary>
/// Applies one role: renders every unit's templates into private temp files (phase 1; any template
/// error stops here and nothing has run), then runs each unit's commands in order (phase 2). The
/// daemon's render loop and <c>verwalter render</c> share this code.
/// </summary>
internal static class RoleApplier
{
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly JsonSerializerOptions LogJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The template folder a role's <c>template</c> variable names, kept inside <c>templates/</c>.</summary>
    /// <exception cref="RenderException">No <c>template</c> (exit 4), or it leaves the templates folder or does not exist (exit 10).</exception>
    public static string TemplateFolder(string configDir, JsonObject vars)
    {
        if (vars["template"] is not JsonValue t || !t.TryGetValue<string>(out var template) || template.Length == 0)
        {
            throw new RenderException(RenderFailure.NoTemplate, "the role's variables have no 'template' (the folder under templates/ to render)");
        }

        var root = Path.GetFullPath(Path.Combine(configDir, "templates"));
        var folder = Path.GetFullPath(Path.Combine(root, template));
        if (!folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !Directory.Exists(folder))
        {
            throw new RenderException(RenderFailure.Templates, $"templates/{template}: template folder not found");
        }

        return folder;
    }

    public static async Task ApplyAsync(
        string templateFolder,
        JsonObject vars,
        IRoleLog log,
        IReadOnlyDictionary<string, string> logDirs,
        RenderOptions options,
        CancellationToken cancellationToken)
    {
        var role = vars["role"] is JsonValue r && r.TryGetValue<string>(out var name) ? name
            : throw new RenderException(RenderFailure.Arguments, "the role's variables have no 'role'");
        log.WriteLine("Template variables: " + vars.ToJsonString(LogJson));
        var units = RoleTemplates.Render(templateFolder, vars, options.StrictTemplates);
        var temp = Directory.CreateTempSubdirectory("verwalter-render-");
        try
        {
            var rendered = new List<(RenderFile File, Dictionary<string, string> Files)>();
            for (var i = 0; i < units.Count; i++)
            {
                var files = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (templateName, output) in units[i].Outputs)
                {
                    var path = Path.Combine(temp.FullName, $"{i:000}-{Sanitize(templateName)}");
                    await File.WriteAllTextAsync(path, output.Text, NoBom, cancellationToken);
                    log.WriteLine($"+++ template start: \"{output.TemplatePath}\" -> \"{path}\" +++");
                    log.WriteLine(output.Text.TrimEnd('\n'));
                    log.WriteLine($"+++ template end: \"{output.TemplatePath}\" -> \"{path}\" +++");
                    files[templateName] = path;
                }

                rendered.Add((units[i].File, files));
            }

            foreach (var (file, files) in rendered)
            {
                log.ActionStart(file.RelativePath);
                var context = new CommandContext(role, files, logDirs, log, options.DryRun, options.CommandTimeout);
                try
                {
                    await CommandRunner.RunAsync(file, context, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The unit's end is in the log even when the daemon stops in the middle of it.
                    log.ActionFinish(file.RelativePath);
                    throw;
                }

                log.ActionFinish(file.RelativePath);
            }
        }
        finally
        {
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the next apply uses a new one.
            }
        }
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
