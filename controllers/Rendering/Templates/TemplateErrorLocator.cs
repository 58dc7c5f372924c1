using System.Globalization;
using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Finds a line and column for a Handlebars.Net error. Parser errors carry
/// <c>Occured at: line:column</c> (both 0-based) in their message; block mismatches carry nothing,
/// so the source is scanned for the unclosed or stray <c>{{#block}}</c>/<c>{{/block}}</c>. A
/// strict-mode "undefined" error is placed at the first mustache that names the missing path.
/// </summary>
internal static partial class TemplateErrorLocator
{
    /// <summary>The message without Handlebars.Net's position suffix, and the 1-based position if known.</summary>
    public static (string Message, int? Line, int? Column) CompileError(string message, string source)
    {
        var match = OccurredAt().Match(message);
        if (match.Success)
        {
            var bare = message[..match.Index].TrimEnd();
            return (bare, Parse(match.Groups[1].Value) + 1, Parse(match.Groups[2].Value) + 1);
        }

        var at = UnbalancedBlock(source) ?? UnclosedMustache(source);
        return at is { } index ? (message.Trim(), LineOf(source, index), ColumnOf(source, index)) : (message.Trim(), null, null);
    }

    /// <summary>The 1-based line of the first mustache that mentions <paramref name="path"/>, if any.</summary>
    public static int? FirstUse(string source, string path)
    {
        var pattern = @"(?<![\w.@])" + Regex.Escape(path) + @"(?![\w])";
        foreach (Match mustache in Mustache().Matches(source))
        {
            if (Regex.IsMatch(mustache.Value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return LineOf(source, mustache.Index);
            }
        }

        return null;
    }

    /// <summary>Index of the first stray close or innermost unclosed open block, or null when they balance.</summary>
    internal static int? UnbalancedBlock(string source)
    {
        var open = new Stack<(string Name, int Index)>();
        foreach (Match tag in BlockTag().Matches(source))
        {
            if (tag.Groups["comment"].Success)
            {
                continue;
            }

            var name = tag.Groups["name"].Value;
            if (tag.Groups["kind"].Value != "/")
            {
                open.Push((name, tag.Index));
            }
            else if (open.Count == 0 || open.Pop().Name != name)
            {
                return tag.Index;
            }
        }

        return open.Count > 0 ? open.Peek().Index : null;
    }

    /// <summary>Index of the first <c>{{</c> not closed before the next one opens, or null.</summary>
    internal static int? UnclosedMustache(string source)
    {
        var position = 0;
        while (source.IndexOf("{{", position, StringComparison.Ordinal) is var open and >= 0)
        {
            var inner = open;
            while (inner < source.Length && source[inner] == '{')
            {
                inner++;
            }

            var closer = source.AsSpan(inner).StartsWith("!--") ? "--}}" : "}}";
            var close = source.IndexOf(closer, inner, StringComparison.Ordinal);
            var next = source.IndexOf("{{", inner, StringComparison.Ordinal);
            if (close < 0 || (closer == "}}" && next >= 0 && next < close))
            {
                return open;
            }

            position = close + closer.Length;
        }

        return null;
    }

    private static int Parse(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    private static int ColumnOf(string source, int index) => index - (index == 0 ? -1 : source.LastIndexOf('\n', index - 1));

    [GeneratedRegex(@"Occured at:\s*(\d+):(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex OccurredAt();

    [GeneratedRegex(@"\{\{[^}]*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Mustache();

    [GeneratedRegex(
        @"(?<comment>\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\})|\{\{~?\s*(?<kind>[#^/])\s*[*>]?\s*(?<name>[^\s}~()]+)",
        RegexOptions.CultureInvariant)]
    private static partial Regex BlockTag();
}
