using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// A cursor over YamlDotNet parser events with quire's validation rules (verwalter's config
/// library): a struct key may be spelled with <c>_</c> or <c>-</c>, a key starting with <c>_</c> is
/// ignored, any other unknown key is an error, and a missing list or map is empty. Every error is
/// a <see cref="RenderException"/> of kind <see cref="RenderFailure.Templates"/> whose message starts
/// with <c>file:line:column:</c>.
/// </summary>
internal sealed class RenderYamlReader(IParser parser, string display)
{
    private Mark _last = Mark.Empty;

    /// <summary>The event the cursor stands on; an alias is refused here, so callers never see one.</summary>
    public ParsingEvent Node
    {
        get
        {
            var current = parser.Current ?? throw Error(_last, "unexpected end of file");
            if (current is AnchorAlias alias)
            {
                throw Error(alias.Start, $"YAML aliases (*{alias.Value.Value}) are not supported in render files");
            }

            return current;
        }
    }

    public RenderException Error(Mark at, string message, Exception? inner = null) => new(
        RenderFailure.Templates,
        string.Create(CultureInfo.InvariantCulture, $"{display}:{at.Line}:{at.Column}: {message}"),
        inner);

    /// <summary>Where the cursor is, for errors raised by YamlDotNet itself without a position.</summary>
    public Mark Position => parser.Current?.Start ?? _last;

    public T Consume<T>()
        where T : ParsingEvent
    {
        var consumed = parser.Consume<T>();
        _last = consumed.End;
        return consumed;
    }

    public bool TryConsume<T>()
        where T : ParsingEvent
    {
        if (parser.Current is not T)
        {
            return false;
        }

        Consume<T>();
        return true;
    }

    /// <summary>Skips the node under the cursor, whatever its shape (used for <c>_</c> keys).</summary>
    public void Skip()
    {
        var depth = 0;
        do
        {
            var current = parser.Current ?? throw Error(_last, "unexpected end of file");
            depth += current.NestingIncrease;
            Consume<ParsingEvent>();
        }
        while (depth > 0);
    }

    /// <summary>True for a plain scalar that YAML reads as null (<c>~</c>, <c>null</c>, nothing).</summary>
    public static bool IsNull(ParsingEvent node) =>
        node is Scalar { Style: ScalarStyle.Plain, Tag.IsEmpty: true } scalar
        && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Reads a scalar as text; null (and consumed) when it is YAML null.</summary>
    public string? ReadOptionalString(string what)
    {
        var node = Node;
        if (node is not Scalar scalar)
        {
            throw Error(node.Start, $"{what} must be a string, not a {ShapeOf(node)}");
        }

        Consume<Scalar>();
        return IsNull(scalar) ? null : scalar.Value;
    }

    public string ReadString(string what)
    {
        var start = Node.Start;
        return ReadOptionalString(what) ?? throw Error(start, $"{what} must be a string, not null");
    }

    /// <summary>Reads a list of strings; YAML null gives an empty list.</summary>
    public ImmutableArray<string> ReadStringList(string what)
    {
        var node = Node;
        if (IsNull(node))
        {
            Consume<Scalar>();
            return [];
        }

        if (node is not SequenceStart)
        {
            throw Error(node.Start, $"{what} must be a list of strings, not a {ShapeOf(node)}");
        }

        Consume<SequenceStart>();
        var items = ImmutableArray.CreateBuilder<string>();
        while (!TryConsume<SequenceEnd>())
        {
            items.Add(ReadString($"an item of {what}"));
        }

        return items.ToImmutable();
    }

    /// <summary>
    /// Reads a struct: a map (or YAML null, meaning no fields) whose keys are <paramref name="fields"/>
    /// in <c>-</c> spelling. Calls <paramref name="readField"/> with the canonical name for each
    /// field present and returns their key positions; the callback must consume the value.
    /// </summary>
    public Dictionary<string, Mark> ReadStruct(string what, IReadOnlyList<string> fields, Action<string> readField)
    {
        var node = Node;
        var seen = new Dictionary<string, Mark>(StringComparer.Ordinal);
        if (IsNull(node))
        {
            Consume<Scalar>();
            return seen;
        }

        if (node is not MappingStart)
        {
            throw Error(node.Start, $"{what} must be a map, not a {ShapeOf(node)}");
        }

        Consume<MappingStart>();
        while (!TryConsume<MappingEnd>())
        {
            var keyNode = Node;
            if (keyNode is not Scalar key)
            {
                throw Error(keyNode.Start, $"keys of {what} must be strings");
            }

            Consume<Scalar>();
            if (key.Value.StartsWith('_'))
            {
                Skip();
                continue;
            }

            var name = key.Value.Replace('_', '-');
            if (!fields.Contains(name))
            {
                throw Error(key.Start, $"unknown key '{key.Value}' in {what}; expected {Describe(fields)} (keys starting with '_' are ignored)");
            }

            if (!seen.TryAdd(name, key.Start))
            {
                throw Error(key.Start, $"key '{key.Value}' appears twice in {what}");
            }

            readField(name);
        }

        return seen;
    }

    public static string ShapeOf(ParsingEvent node) => node switch
    {
        SequenceStart => "list",
        MappingStart => "map",
        _ when IsNull(node) => "null",
        _ => "string",
    };

    private static string Describe(IReadOnlyList<string> fields) => fields.Count switch
    {
        0 => "no keys",
        1 => $"'{fields[0]}'",
        _ => "one of " + string.Join(", ", fields.Select(f => $"'{f}'")),
    };
}
