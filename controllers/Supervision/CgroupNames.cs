using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Verwalter.Supervision;

/// <summary>
/// Cgroup naming as lithos does it (spec B.4.5): an instance's group is
/// <c>&lt;cgroup-name&gt;/&lt;sandbox&gt;:&lt;process&gt;.&lt;i&gt;.scope</c>, and a v1 hierarchy's root is
/// PID 1's path in it (from <c>/proc/1/cgroup</c>). Pure, so it is tested on text.
/// </summary>
internal static partial class CgroupNames
{
    public static string Scope(InstanceKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Sandbox}:{key.Process}.{key.Index}.scope");

    /// <summary>The instance an entry of the slice folder belongs to; null for anything else (command scopes, foreign groups).</summary>
    public static InstanceKey? ParseScope(string name)
    {
        var match = ScopePattern().Match(name);
        return match.Success && int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new InstanceKey(match.Groups[1].Value, match.Groups[2].Value, index)
            : null;
    }

    /// <summary>
    /// The lines of <c>/proc/PID/cgroup</c> (<c>id:controller,list:/path</c>); the v2 line
    /// (<c>0::/path</c>) has an empty list. Malformed lines are skipped.
    /// </summary>
    public static ImmutableArray<ProcCgroupLine> ParseProcCgroup(string text)
    {
        var lines = ImmutableArray.CreateBuilder<ProcCgroupLine>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = line.IndexOf(':', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0 || !int.TryParse(line.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            var controllers = line[(first + 1)..second].Split(',', StringSplitOptions.RemoveEmptyEntries);
            lines.Add(new ProcCgroupLine(id, [.. controllers], line[(second + 1)..]));
        }

        return lines.ToImmutable();
    }

    [GeneratedRegex(@"^([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)\.([0-9]{1,9})\.scope$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();
}
