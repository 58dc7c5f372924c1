using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Reads <c>commands:</c>, a list whose items are tagged with the command name
/// (<c>!Cmd [..]</c>, <c>!Copy {..}</c>, …), into <see cref="RenderCommand"/> records that keep
/// the line of their tag. Strings are stored unexpanded.
/// </summary>
internal static class RenderCommandReader
{
    private static readonly string[] KnownTags =
        ["!RootCommand", "!Cmd", "!Sh", "!Copy", "!SplitText", "!CleanFiles", "!PeekLog", "!Condition"];

    private static readonly string[] CopyFields = ["src", "dest", "mode"];
    private static readonly string[] SplitTextFields = ["section", "validate", "src", "dest", "mode"];
    private static readonly string[] CleanFilesFields = ["pattern", "keep-list"];
    private static readonly string[] ConditionFields = ["dirs-changed", "commands"];

    /// <summary>Reads a command list; YAML null is an empty list. <paramref name="nested"/> is true inside <c>!Condition</c>.</summary>
    public static ImmutableArray<RenderCommand> ReadList(RenderYamlReader reader, bool nested)
    {
        var node = reader.Node;
        if (RenderYamlReader.IsNull(node))
        {
            reader.Consume<Scalar>();
            return [];
        }

        if (node is not SequenceStart { Tag.IsEmpty: true })
        {
            var what = node is NodeEvent { Tag.IsEmpty: false } tagged ? tagged.Tag.Value : RenderYamlReader.ShapeOf(node);
            throw reader.Error(node.Start, $"commands must be a list of commands, not a {what}");
        }

        reader.Consume<SequenceStart>();
        var commands = ImmutableArray.CreateBuilder<RenderCommand>();
        while (!reader.TryConsume<SequenceEnd>())
        {
            commands.Add(ReadCommand(reader, nested));
        }

        return commands.ToImmutable();
    }

    private static RenderCommand ReadCommand(RenderYamlReader reader, bool nested)
    {
        var node = reader.Node;
        var tag = node is NodeEvent { Tag.IsEmpty: false } tagged ? tagged.Tag.Value : null;
        if (tag is null)
        {
            throw reader.Error(node.Start, $"a command must start with its tag, e.g. !Cmd [echo, hello]; known tags: {string.Join(", ", KnownTags)}");
        }

        var line = (int)node.Start.Line;
        RenderCommand command = tag switch
        {
            "!RootCommand" => new RootCommand(ReadArgv(reader, tag)),
            "!Cmd" => new CmdCommand(ReadArgv(reader, tag)),
            "!Sh" => new ShCommand(ReadText(reader, tag, "a shell script")),
            "!PeekLog" => new PeekLogCommand(ReadText(reader, tag, "\"<log dir name>/<path>\"")),
            "!Copy" => ReadCopy(reader),
            "!SplitText" => ReadSplitText(reader),
            "!CleanFiles" => ReadCleanFiles(reader),
            "!Condition" when nested => throw reader.Error(
                node.Start, "!Condition cannot be nested inside another !Condition; it is only allowed in the top-level commands list"),
            "!Condition" => ReadCondition(reader),
            _ => throw reader.Error(node.Start, $"unknown command tag '{tag}'; known tags: {string.Join(", ", KnownTags)}"),
        };
        return command with { Line = line };
    }

    private static ImmutableArray<string> ReadArgv(RenderYamlReader reader, string tag)
    {
        var node = reader.Node;
        if (node is not SequenceStart)
        {
            throw reader.Error(node.Start, $"{tag} takes a list of strings, e.g. {tag} [echo, hello], not a {RenderYamlReader.ShapeOf(node)}");
        }

        var argv = reader.ReadStringList(tag);
        return argv.IsEmpty ? throw reader.Error(node.Start, $"{tag} needs at least the program to run") : argv;
    }

    private static string ReadText(RenderYamlReader reader, string tag, string example)
    {
        var node = reader.Node;
        return node is Scalar
            ? reader.ReadString(tag)
            : throw reader.Error(node.Start, $"{tag} takes a string ({example}), not a {RenderYamlReader.ShapeOf(node)}");
    }

    private static CopyCommand ReadCopy(RenderYamlReader reader)
    {
        var start = reader.Node.Start;
        string? src = null, dest = null;
        int? mode = null;
        var seen = reader.ReadStruct("!Copy", CopyFields, field =>
        {
            switch (field)
            {
                case "src": src = reader.ReadString("src"); break;
                case "dest": dest = reader.ReadString("dest"); break;
                default: mode = ReadMode(reader); break;
            }
        });
        Require(reader, start, "!Copy", seen, "src", " (usually \"{{ files.NAME }}\")");
        Require(reader, start, "!Copy", seen, "dest");
        return new CopyCommand(src!, dest!, mode);
    }

    private static SplitTextCommand ReadSplitText(RenderYamlReader reader)
    {
        var start = reader.Node.Start;
        string? section = null, validate = null, src = null, dest = null;
        int? mode = null;
        var seen = reader.ReadStruct("!SplitText", SplitTextFields, field =>
        {
            switch (field)
            {
                case "section": section = reader.ReadString("section"); break;
                case "validate": validate = reader.ReadString("validate"); break;
                case "src": src = reader.ReadString("src"); break;
                case "dest": dest = reader.ReadString("dest"); break;
                default: mode = ReadMode(reader); break;
            }
        });
        foreach (var field in SplitTextFields.AsSpan(0, 4))
        {
            Require(reader, start, "!SplitText", seen, field);
        }

        return new SplitTextCommand(section!, validate!, src!, dest!, mode);
    }

    private static CleanFilesCommand ReadCleanFiles(RenderYamlReader reader)
    {
        var start = reader.Node.Start;
        string? pattern = null, keepList = null;
        var seen = reader.ReadStruct("!CleanFiles", CleanFilesFields, field =>
        {
            if (field == "pattern")
            {
                pattern = reader.ReadString("pattern");
            }
            else
            {
                keepList = reader.ReadString("keep-list");
            }
        });
        Require(reader, start, "!CleanFiles", seen, "pattern");
        Require(reader, start, "!CleanFiles", seen, "keep-list");
        return new CleanFilesCommand(pattern!, keepList!);
    }

    private static ConditionCommand ReadCondition(RenderYamlReader reader)
    {
        ImmutableArray<string> dirs = [];
        ImmutableArray<RenderCommand> commands = [];
        reader.ReadStruct("!Condition", ConditionFields, field =>
        {
            if (field == "dirs-changed")
            {
                dirs = reader.ReadStringList("dirs-changed");
            }
            else
            {
                commands = ReadList(reader, nested: true);
            }
        });
        return new ConditionCommand(dirs, commands);
    }

    private static int? ReadMode(RenderYamlReader reader)
    {
        var node = reader.Node;
        if (node is not Scalar scalar)
        {
            throw reader.Error(node.Start, $"mode must be a number like 0o644, not a {RenderYamlReader.ShapeOf(node)}");
        }

        reader.Consume<Scalar>();
        if (RenderYamlReader.IsNull(scalar))
        {
            return null;
        }

        var (mode, error) = FileModeValue.Parse(scalar);
        return error is null ? mode : throw reader.Error(scalar.Start, error);
    }

    private static void Require(
        RenderYamlReader reader, Mark start, string tag, Dictionary<string, Mark> seen, string field, string hint = "")
    {
        if (!seen.ContainsKey(field))
        {
            throw reader.Error(start, $"{tag} needs '{field}'{hint}");
        }
    }
}
