using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// Expands <c>{{ role }}</c> and <c>{{ files.NAME }}</c> in command strings. These are not the
/// template variables: only the role and the rendered temp files are known. An unknown name is
/// replaced by <c>&lt;&lt; unknown variable: NAME &gt;&gt;</c> rather than failing, as the original did.
/// </summary>
internal static partial class CommandExpander
{
    private const string FilesPrefix = "files.";

    public static string Expand(string text, CommandContext context) => Expand(text, context.Role, context.Files);

    public static string Expand(string text, string role, IReadOnlyDictionary<string, string> files) =>
        Variable().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (name == "role")
            {
                return role;
            }

            if (name.StartsWith(FilesPrefix, StringComparison.Ordinal)
                && files.TryGetValue(name[FilesPrefix.Length..], out var path))
            {
                return path;
            }

            return $"<< unknown variable: {name} >>";
        });

    [GeneratedRegex(@"\{\{\s*([\w.]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
