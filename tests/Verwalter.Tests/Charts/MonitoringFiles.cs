using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Verwalter.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Tests.Charts;

/// <summary>The PromQL of charts/verwalter/dashboards/verwalter.json and rules/verwalter-rules.yaml.</summary>
internal static partial class MonitoringFiles
{
    public static string DashboardPath => Path.Combine(RepositoryPaths.Root, "charts", "verwalter", "dashboards", "verwalter.json");

    public static string RulesPath => Path.Combine(RepositoryPaths.Root, "charts", "verwalter", "rules", "verwalter-rules.yaml");

    public static JsonObject Dashboard() => JsonNode.Parse(File.ReadAllText(DashboardPath))!.AsObject();

    /// <summary>(panel title, expression) of every target, plus the template variables' queries.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> DashboardExpressions()
    {
        var dashboard = Dashboard();
        var list = new List<(string, string)>();
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]?.AsArray() ?? [])
            {
                list.Add(((string)panel["title"]!, (string)target!["expr"]!));
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            if ((string?)variable!["type"] == "query")
            {
                list.Add(("$" + (string)variable["name"]!, (string)variable["definition"]!));
            }
        }

        return list;
    }

    /// <summary>(alert name, expression) of every rule.</summary>
    public static IReadOnlyList<(string Alert, string Expr)> RuleExpressions()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RulesPath)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return
        [
            .. root.Seq("groups").Cast<YamlMappingNode>()
                .SelectMany(g => g.Seq("rules").Cast<YamlMappingNode>())
                .Select(r => (r.Str("alert") ?? r.Str("record")!, r.Str("expr")!)),
        ];
    }

    /// <summary>
    /// A dashboard expression as plain PromQL: Grafana's variables replaced by what Grafana
    /// would send (all nodes, a 1 m rate window), label_values(...) queries reduced to their metric.
    /// </summary>
    public static string AsPromQL(string expr)
    {
        var labelValues = LabelValues().Match(expr);
        if (labelValues.Success)
        {
            return labelValues.Groups[1].Value;
        }

        return expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$instance", ".*", StringComparison.Ordinal);
    }

    /// <summary>The metric names an expression reads (verwalter_* and the process_* families), string literals skipped.</summary>
    public static IEnumerable<string> MetricNames(string expr) =>
        MetricName().Matches(StringLiteral().Replace(expr, "\"\"")).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b(?:verwalter|process)_[a-zA-Z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}
