using Verwalter.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>
/// Parses one YAML file of the supervisor config, with merge keys (<c>&lt;&lt;: *anchor</c>); a syntax
/// error is a located <see cref="LithosConfigException"/>.
/// </summary>
internal static class QuireDocument
{
    /// <summary>The root node, or null for an empty file.</summary>
    public static YamlNode? Parse(string file, string text)
    {
        var scanner = new Parser(new StringReader(text));
        try
        {
            // A plain pass first: syntax errors keep their position, which the merging pass may lose.
            while (scanner.MoveNext())
            {
            }

            var stream = new YamlStream();
            stream.Load(new MergingParser(new Parser(new StringReader(text))));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            throw new LithosConfigException(new ConfigProblem(file, (int)e.Start.Line, (int)e.Start.Column, YamlToJson.BareMessage(e)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            var at = scanner.Current?.Start;
            throw new LithosConfigException(new ConfigProblem(file, (int?)at?.Line, (int?)at?.Column, $"invalid YAML: {e.Message}"));
        }
    }

    /// <summary>A position for errors about a whole (possibly empty) file.</summary>
    public static YamlNode Origin { get; } = new YamlScalarNode(string.Empty);
}
