using System.Text;
using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// A glob with exactly one capture group, as used by <c>!SplitText</c> (<c>dest</c>) and
/// <c>!CleanFiles</c> (<c>pattern</c>): <c>/etc/nginx/sites/(*).conf</c>. Matching follows the
/// original's options (tailhook's capturing-glob with literal separator and literal leading dot,
/// case-sensitive): <c>*</c> and <c>?</c> never match <c>/</c>; no wildcard matches a dot at the
/// start of a file or folder name; <c>**</c> must be a whole path component and spans folders;
/// <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> match one character. <c>(</c> and <c>)</c> are
/// always the group. A relative pattern is taken relative to <c>/</c>.
/// </summary>
internal sealed class CaptureGlob
{
    private readonly Regex _regex;
    private readonly string? _before;
    private readonly string? _after;
    private readonly int _maxDepth;

    private CaptureGlob(string pattern, Regex regex, string? before, string? after, string baseFolder, int maxDepth)
    {
        Pattern = pattern;
        _regex = regex;
        _before = before;
        _after = after;
        BaseFolder = baseFolder;
        _maxDepth = maxDepth;
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>The deepest folder with no wildcard or group in it; every match lies below it.</summary>
    public string BaseFolder { get; }

    /// <summary>Whether the pattern has wildcards only inside the group, so a name maps to exactly one path.</summary>
    public bool CanReplace => _before is not null;

    /// <exception cref="FormatException">Not exactly one <c>( )</c> group, a misplaced <c>**</c>, or an unclosed <c>[</c>.</exception>
    public static CaptureGlob Parse(string pattern)
    {
        var path = Path.IsPathRooted(pattern) ? pattern : "/" + pattern;
        var open = path.Count(c => c == '(');
        var close = path.Count(c => c == ')');
        var openAt = path.IndexOf('(', StringComparison.Ordinal);
        var closeAt = path.IndexOf(')', StringComparison.Ordinal);
        if (open != 1 || close != 1 || closeAt < openAt)
        {
            throw new FormatException($"capture-glob \"{pattern}\" must contain exactly one ( ) group (found {open} '(' and {close} ')')");
        }

        var regex = new StringBuilder(@"\A");
        var segmentStart = true;
        var inGroup = false;
        var wildcardOutside = false;
        var recursive = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            switch (c)
            {
                case '(':
                    regex.Append('(');
                    inGroup = true;
                    continue;
                case ')':
                    regex.Append(')');
                    inGroup = false;
                    continue;
                case '/':
                    regex.Append('/');
                    segmentStart = true;
                    continue;
                case '*' when i + 1 < path.Length && path[i + 1] == '*':
                    var next = i + 2 < path.Length && path[i + 2] == ')' ? i + 3 : i + 2;
                    if (!segmentStart || (next < path.Length && path[next] != '/'))
                    {
                        throw new FormatException($"capture-glob \"{pattern}\": ** must be a whole path component (as in a/**/b)");
                    }

                    if (i + 2 < path.Length && path[i + 2] == '/')
                    {
                        // Zero or more folders, each with its trailing slash.
                        regex.Append("(?:[^/.][^/]*/)*");
                        i += 2;
                    }
                    else
                    {
                        // One or more path components, no trailing slash.
                        regex.Append("[^/.][^/]*(?:/[^/.][^/]*)*");
                        i += 1;
                        segmentStart = false;
                    }

                    recursive = true;
                    wildcardOutside |= !inGroup;
                    continue;
                case '*':
                    regex.Append(segmentStart ? "(?:[^/.][^/]*)?" : "[^/]*");
                    wildcardOutside |= !inGroup;
                    break;
                case '?':
                    regex.Append(segmentStart ? "[^/.]" : "[^/]");
                    wildcardOutside |= !inGroup;
                    break;
                case '[':
                    i = AppendClass(pattern, path, i, segmentStart, regex);
                    wildcardOutside |= !inGroup;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }

            segmentStart = false;
        }

        regex.Append(@"\z");
        var baseFolder = BaseFolderOf(path);
        var remainder = baseFolder == "/" ? path : path[baseFolder.Length..];
        var maxDepth = recursive ? -1 : remainder.Count(c => c == '/') - 1;
        return new CaptureGlob(
            pattern,
            new Regex(regex.ToString(), RegexOptions.CultureInvariant),
            wildcardOutside ? null : path[..openAt],
            wildcardOutside ? null : path[(closeAt + 1)..],
            baseFolder,
            maxDepth);
    }

    /// <summary>The captured text if <paramref name="path"/> (absolute) matches, else null.</summary>
    public string? Match(string path)
    {
        var m = _regex.Match(path);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The path for a captured <paramref name="name"/> (the group replaced by it).</summary>
    /// <exception cref="InvalidOperationException">The pattern has wildcards outside the group.</exception>
    public string Replace(string name) => _before is not null
        ? _before + name + _after
        : throw new InvalidOperationException($"capture-glob \"{Pattern}\" has wildcards outside its ( ) group, so a name does not give one path");

    /// <summary>Existing files (not folders) matching the pattern, with their captured text, in path order.</summary>
    public IReadOnlyList<(string Path, string Name)> EnumerateMatches()
    {
        if (!Directory.Exists(BaseFolder))
        {
            return [];
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = _maxDepth != 0,
            MaxRecursionDepth = _maxDepth < 0 ? int.MaxValue : Math.Max(_maxDepth, 0),
            AttributesToSkip = 0,
            IgnoreInaccessible = true,
        };
        var matches = new List<(string Path, string Name)>();
        foreach (var file in Directory.EnumerateFiles(BaseFolder, "*", options))
        {
            if (Match(file) is { } name)
            {
                matches.Add((file, name));
            }
        }

        matches.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return matches;
    }

    private static int AppendClass(string pattern, string path, int start, bool segmentStart, StringBuilder regex)
    {
        var i = start + 1;
        var negate = i < path.Length && path[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        var body = new StringBuilder();
        var first = true;
        for (; i < path.Length && (first || path[i] != ']'); i++, first = false)
        {
            var c = path[i];
            body.Append(c is '\\' or '[' or ']' or '^' ? "\\" + c : c.ToString());
        }

        if (i >= path.Length || body.Length == 0)
        {
            throw new FormatException($"capture-glob \"{pattern}\": unclosed [ at position {start}");
        }

        regex.Append("(?!/)");
        if (segmentStart)
        {
            regex.Append(@"(?!\.)");
        }

        regex.Append('[').Append(negate ? "^" : "").Append(body).Append(']');
        return i;
    }

    private static string BaseFolderOf(string path)
    {
        var special = path.IndexOfAny(['*', '?', '[', '(']);
        var prefix = path[..special];
        var slash = prefix.LastIndexOf('/');
        return slash <= 0 ? "/" : prefix[..slash];
    }
}
