using System.Collections.Immutable;
using System.Text;
using Verwalter.Configuration;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Every template of a template folder, compiled. As in verwalter, the whole folder is loaded
/// (recursively, with the config scanner's skip rules), not only the templates a render file
/// names, so a broken template anywhere fails the render. Each file is compiled by the engine
/// its extension names (<see cref="TemplateKinds"/>); Trimmer files are refused with a message
/// saying to convert them. The set is the scope of Tera's include/import/extends and Scriban's include.
/// </summary>
internal sealed class TemplateSet : ITemplateScope
{
    private readonly string _templateFolder;
    private readonly Dictionary<string, CompiledTemplate> _templates;

    private TemplateSet(string templateFolder, Dictionary<string, CompiledTemplate> templates)
    {
        _templateFolder = templateFolder;
        _templates = templates;
    }

    /// <summary>Relative paths (forward slashes) of the compiled templates.</summary>
    public IEnumerable<string> Paths => _templates.Keys;

    /// <exception cref="RenderException">A file could not be read, is a Trimmer template, or does not compile.</exception>
    public static TemplateSet Load(string templateFolder, bool strict, CompiledTemplateCache? cache = null)
    {
        cache ??= CompiledTemplateCache.Shared;
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var files = ScanFolder(templateFolder, name => TemplateKinds.IsTemplate(name) || TemplateKinds.Unsupported(name) is not null);
        foreach (var file in files)
        {
            if (TemplateKinds.Unsupported(file.RelativePath) is { } unsupported)
            {
                throw Fail(templateFolder, file.RelativePath, unsupported);
            }
        }

        var templates = new Dictionary<string, CompiledTemplate>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            FileStamp stamp;
            try
            {
                stamp = FileStamp.Of(file.FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Fail(templateFolder, file.RelativePath, $"cannot read: {e.Message}", e);
            }

            var display = TemplatePaths.Display(templateFolder, file.RelativePath);
            templates[file.RelativePath] = cache.GetOrCompile(
                file.FullPath, stamp, strict, () => CompiledTemplate.Compile(file.RelativePath, Read(templateFolder, file, problems), strict, display));
        }

        return new TemplateSet(templateFolder, templates);
    }

    /// <summary>
    /// Files under <paramref name="templateFolder"/> passing <paramref name="include"/>, with paths
    /// relative to it, sorted ordinally. A scan problem (unreadable folder, broken link, loop) fails.
    /// </summary>
    internal static List<ConfigFile> ScanFolder(string templateFolder, Func<string, bool> include)
    {
        if (!Directory.Exists(templateFolder))
        {
            throw new RenderException(RenderFailure.Templates, $"{TemplatePaths.Display(templateFolder, ".")}: template folder does not exist");
        }

        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var files = ConfigDirectoryScanner.Scan(templateFolder, ".", include, problems, ConfigJail.ForTemplateFolder(templateFolder))
            .Select(f => f with { RelativePath = f.RelativePath[2..] })
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        if (problems.Count > 0)
        {
            var problem = problems[0];
            throw Fail(templateFolder, problem.Path.StartsWith("./", StringComparison.Ordinal) ? problem.Path[2..] : problem.Path, problem.Message);
        }

        return files;
    }

    /// <summary>Reads a scanned file as UTF-8 text (a byte-order mark is dropped).</summary>
    internal static string Read(string templateFolder, ConfigFile file, ImmutableArray<ConfigProblem>.Builder problems)
    {
        var bytes = ConfigDirectoryScanner.TryRead(file, problems)
            ?? throw Fail(templateFolder, file.RelativePath, problems[^1].Message);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes);
    }

    public bool Contains(string relativePath) => _templates.ContainsKey(relativePath);

    /// <summary>Renders the template at <paramref name="relativePath"/>; <paramref name="usedBy"/> is named in errors.</summary>
    public string Render(string relativePath, object? data, string usedBy) =>
        _templates[relativePath].Render(data, this, relativePath, usedBy);

    public CompiledTemplate? Find(string relativePath) => _templates.GetValueOrDefault(relativePath);

    public string Display(string relativePath) => TemplatePaths.Display(_templateFolder, relativePath);

    private static RenderException Fail(string templateFolder, string relativePath, string message, Exception? inner = null) =>
        new(RenderFailure.Templates, $"{TemplatePaths.Display(templateFolder, relativePath)}: {message}", inner);
}
