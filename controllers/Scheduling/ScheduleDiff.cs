using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verwalter.Scheduling;

/// <summary>A readable difference between two schedules' data: one line per changed leaf or subtree.</summary>
public static class ScheduleDiff
{
    /// <summary>Lines like <c>+ nodes.alpha.roles.web: {...}</c>, <c>- state.cache</c>, <c>~ state.web.version: "v1" → "v2"</c>, in path order.</summary>
    public static IReadOnlyList<string> Compute(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        var lines = new List<string>();
        Walk("", JsonNode.Parse(before), JsonNode.Parse(after), lines);
        return lines;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<string> lines)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                var child = path.Length == 0 ? key : path + "." + key;
                var inA = a.TryGetPropertyValue(key, out var va);
                var inB = b.TryGetPropertyValue(key, out var vb);
                if (!inA)
                {
                    lines.Add($"+ {child}: {Show(vb)}");
                }
                else if (!inB)
                {
                    lines.Add($"- {child}: {Show(va)}");
                }
                else
                {
                    Walk(child, va, vb, lines);
                }
            }

            return;
        }

        if (!JsonNode.DeepEquals(before, after))
        {
            lines.Add($"~ {(path.Length == 0 ? "(root)" : path)}: {Show(before)} → {Show(after)}");
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
