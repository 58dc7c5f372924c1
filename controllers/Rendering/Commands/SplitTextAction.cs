using System.Text;
using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// <c>!SplitText {section, validate, src, dest, mode?}</c>: cuts <c>src</c> into one file per section
/// and deletes the section files of <c>dest</c> that were not produced. Unlike the original, which
/// renamed each section as it went, everything is checked and every temp file written before the
/// first rename, so a bad section name or unwritable target changes nothing.
/// </summary>
internal static class SplitTextAction
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Describe(SplitTextCommand command, CommandContext context) =>
        $"SplitText {CommandDescription.Quote(CommandExpander.Expand(command.Src, context))} -> "
        + $"{CommandDescription.Quote(CommandExpander.Expand(command.Dest, context))}{CommandDescription.Mode(command.Mode)}";

    public static void Run(SplitTextCommand command, CommandStep step, CommandContext context)
    {
        var src = AtomicFile.FullPath(CommandExpander.Expand(command.Src, context));
        AtomicFile.RequireMode(command.Mode, step);
        var section = CompileRegex(command.Section, "section", step);
        var validate = CompileRegex(command.Validate, "validate", step);
        var glob = ParseDestination(CommandExpander.Expand(command.Dest, context), step);

        string text;
        try
        {
            text = File.ReadAllText(src, Utf8);
        }
        catch (Exception e) when (AtomicFile.IsFileError(e))
        {
            throw step.Fail($"failed: can't read {src}: {e.Message}", e);
        }

        var sections = Split(text, src, section, validate, step);
        var targets = new List<(string Temp, string Target, string Content)>();
        foreach (var (name, line, content) in sections)
        {
            var target = glob.Replace(name);
            if (glob.Match(target) != name)
            {
                throw step.Fail($"failed: section \"{name}\" (line {line} of {src}) gives {target}, which the destination pattern does not match");
            }

            AtomicFile.RequireFileTarget(target, target, step);
            targets.Add((AtomicFile.TempPathFor(target), target, content));
        }

        WriteAll(targets, command.Mode, step);
        var produced = sections.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, name) in glob.EnumerateMatches())
        {
            if (produced.Contains(name))
            {
                continue;
            }

            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (AtomicFile.IsFileError(e))
            {
                throw step.Fail($"failed: can't remove stale section file {path}: {e.Message}", e);
            }

            context.Log.WriteLine($"Removed stale section file {path}");
        }

        context.Log.WriteLine($"Wrote {targets.Count} section file(s): {string.Join(", ", targets.Select(t => t.Target))}");
    }

    /// <summary>The sections of <paramref name="text"/> in order: name, the line of its header, and its lines (header excluded).</summary>
    internal static List<(string Name, int Line, string Content)> Split(string text, string src, Regex section, Regex validate, CommandStep step)
    {
        var result = new List<(string Name, int Line, string Content)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        StringBuilder? current = null;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            var number = i + 1;
            Match header;
            bool valid;
            try
            {
                header = section.Match(line);
                valid = header.Success && validate.IsMatch(SectionName(header));
            }
            catch (RegexMatchTimeoutException e)
            {
                throw step.Fail($"failed: a regex timed out on line {number} of {src}", e);
            }

            if (header.Success)
            {
                var name = SectionName(header);
                if (!valid)
                {
                    throw step.Fail($"failed: invalid section name \"{name}\" on line {number} of {src} (does not match validate \"{validate}\")");
                }

                if (seen.TryGetValue(name, out var earlier))
                {
                    throw step.Fail($"failed: section \"{name}\" on line {number} of {src} repeats the one on line {earlier}");
                }

                Close(result, current);
                seen[name] = number;
                result.Add((name, number, ""));
                current = new StringBuilder();
            }
            else if (current is null)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    throw step.Fail($"failed: line {number} of {src} is not blank but comes before the first section");
                }
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        Close(result, current);
        return result;
    }

    private static string SectionName(Match header) =>
        header.Groups.Count > 1 && header.Groups[1].Success ? header.Groups[1].Value : "";

    private static void Close(List<(string Name, int Line, string Content)> result, StringBuilder? current)
    {
        if (current is not null)
        {
            result[^1] = result[^1] with { Content = current.ToString() };
        }
    }

    private static void WriteAll(List<(string Temp, string Target, string Content)> targets, int? mode, CommandStep step)
    {
        var pending = new List<string>();
        var doing = "";
        try
        {
            foreach (var (temp, _, content) in targets)
            {
                doing = $"writing {temp}";
                pending.Add(temp);
                AtomicFile.WriteTemp(temp, mode, s => s.Write(Utf8.GetBytes(content)));
            }

            foreach (var (temp, target, _) in targets)
            {
                doing = $"renaming {temp} to {target}";
                AtomicFile.Commit(temp, target);
                pending.Remove(temp);
            }
        }
        catch (Exception e) when (AtomicFile.IsFileError(e))
        {
            pending.ForEach(AtomicFile.TryDelete);
            throw step.Fail($"failed {doing}: {e.Message}", e);
        }
    }

    private static Regex CompileRegex(string pattern, string what, CommandStep step)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw step.Fail($"failed: invalid {what} regex \"{pattern}\": {e.Message}", e);
        }
    }

    private static CaptureGlob ParseDestination(string dest, CommandStep step)
    {
        CaptureGlob glob;
        try
        {
            glob = CaptureGlob.Parse(dest);
        }
        catch (FormatException e)
        {
            throw step.Fail($"failed: destination {e.Message}", e);
        }

        return glob.CanReplace
            ? glob
            : throw step.Fail($"failed: destination \"{dest}\" may have wildcards only inside its ( ) group");
    }
}
