using YamlDotNet.RepresentationModel;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Charts;

/// <summary>
/// Runs <c>tests/chart/render</c> (Go text/template + sprig with Helm's semantics) on a chart and
/// parses every manifest of the stream it prints.
/// </summary>
internal sealed class ChartRender
{
    private ChartRender(ToolRun run, IReadOnlyList<YamlMappingNode> documents)
    {
        Run = run;
        Documents = documents;
    }

    public static string Script => Path.Combine(RepositoryPaths.Root, "tests", "chart", "render");

    public static string VerwalterChart => Path.Combine(RepositoryPaths.Root, "charts", "verwalter");

    public ToolRun Run { get; }

    public IReadOnlyList<YamlMappingNode> Documents { get; }

    public static Task<ChartRender> VerwalterAsync(params string[] args) => RenderAsync(VerwalterChart, args);

    public static async Task<ChartRender> RenderAsync(string chart, params string[] args)
    {
        ToolRun.Require("/usr/bin/go", "golang-go");
        // The first run compiles the renderer (a few seconds on a loaded machine).
        var run = await ToolRun.RunAsync(Script, [chart, .. args], TimeSpan.FromMinutes(3));
        var documents = new List<YamlMappingNode>();
        if (run.ExitCode == 0 && !args.Contains("--show-notes"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(run.Stdout));
            foreach (var document in stream.Documents)
            {
                documents.Add(Assert.IsType<YamlMappingNode>(document.RootNode));
            }
        }

        return new ChartRender(run, documents);
    }

    /// <summary>Asserts the render succeeded and returns it.</summary>
    public ChartRender Ok()
    {
        Assert.True(Run.ExitCode == 0, $"render exited {Run.ExitCode}: {Run.Stderr}");
        return this;
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Documents.Where(d => d.Str("kind") == kind);

    public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));

    public YamlMappingNode DaemonSet => Single("DaemonSet");

    public YamlMappingNode PodSpec => DaemonSet.Map("spec").Map("template").Map("spec");

    public YamlMappingNode Container(string name) =>
        Assert.Single(PodSpec.Seq("containers").Cast<YamlMappingNode>(), c => c.Str("name") == name);

    public IReadOnlyList<string> DaemonArgs => [.. Container("daemon").Seq("args").Select(a => ((YamlScalarNode)a).Value!)];

    public YamlMappingNode Volume(string name) =>
        Assert.Single(PodSpec.Seq("volumes").Cast<YamlMappingNode>(), v => v.Str("name") == name);

    public static IEnumerable<YamlMappingNode> Mounts(YamlMappingNode container) =>
        container.Seq("volumeMounts").Cast<YamlMappingNode>();
}
