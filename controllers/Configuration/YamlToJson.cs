using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Configuration;

/// <summary>
/// Converts the first YAML document of a stream to <see cref="System.Text.Json.Nodes"/> straight
/// from parser events, so every error, syntax or semantic, is a <see cref="YamlException"/> that
/// carries the position in the source. Aliases are resolved by copying the anchored value; an
/// unknown alias is an error. Map keys must be scalars that resolve to a string, integer, float or
/// boolean and are stored as their JSON text; a repeated key keeps the last value. Documents after
/// the first are not parsed.
/// </summary>
internal sealed class YamlToJson
{
    /// <summary>Deeper nesting is rejected rather than risking the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>Caps values produced, counting alias copies, so an alias bomb fails fast.</summary>
    public const int MaxNodes = 1_000_000;

    private readonly IParser _parser;
    private readonly Dictionary<string, (JsonNode? Value, int Nodes)> _anchors = new(StringComparer.Ordinal);
    private int _nodes;
    private Mark _lastEnd = Mark.Empty;

    private YamlToJson(IParser parser) => _parser = parser;

    /// <summary>Parses <paramref name="yaml"/>; an empty stream or empty document gives null.</summary>
    /// <exception cref="YamlException">The text is not valid YAML or cannot be expressed as JSON.</exception>
    public static JsonNode? ConvertFirstDocument(string yaml) => ReadFirstDocument(new Parser(new StringReader(yaml)));

    /// <summary>Reads the first document from a parser positioned before <see cref="StreamStart"/>.</summary>
    /// <exception cref="YamlException">The text is not valid YAML or cannot be expressed as JSON.</exception>
    public static JsonNode? ReadFirstDocument(IParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            return null;
        }

        var converter = new YamlToJson(parser);
        try
        {
            var value = converter.ReadNode(0);
            parser.Consume<DocumentEnd>();
            return value;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these for some malformed input (e.g. an unclosed flow
            // sequence followed by a mapping); keep the "every error has a position" promise.
            var at = parser.Current?.Start ?? converter._lastEnd;
            throw new YamlException(at, at, "invalid YAML near here", e);
        }
    }

    /// <summary>The message of a <see cref="YamlException"/> without YamlDotNet's "(Line: …) - (Line: …): " prefix.</summary>
    public static string BareMessage(YamlException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line: ", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }

    private JsonNode? ReadNode(int depth)
    {
        var start = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (depth > MaxDepth)
        {
            throw new YamlException(start.Start, start.End, $"nested deeper than {MaxDepth} levels");
        }

        var nodesBefore = _nodes;
        Count(1, start);
        var parsed = _parser.Consume<ParsingEvent>();
        _lastEnd = parsed.End;
        JsonNode? value;
        switch (parsed)
        {
            case AnchorAlias alias:
                return CopyAnchor(alias);
            case Scalar scalar:
                value = YamlScalarResolver.Resolve(scalar);
                break;
            case SequenceStart:
                var array = new JsonArray();
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(ReadNode(depth + 1));
                }

                value = array;
                break;
            case MappingStart:
                var map = new JsonObject();
                while (!_parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadKey();
                    map[key] = ReadNode(depth + 1);
                }

                value = map;
                break;
            default:
                throw new YamlException(parsed.Start, parsed.End, $"unexpected {parsed.GetType().Name}");
        }

        if (parsed is NodeEvent { Anchor.IsEmpty: false } node)
        {
            _anchors[node.Anchor.Value] = (value, _nodes - nodesBefore);
        }

        return value;
    }

    private JsonNode? CopyAnchor(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }

        Count(anchored.Nodes, alias);
        return anchored.Value?.DeepClone();
    }

    private string ReadKey()
    {
        var start = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (start is not (Scalar or AnchorAlias))
        {
            throw new YamlException(start.Start, start.End, "map keys must be strings, numbers or booleans, not a sequence or map");
        }

        var key = ReadNode(0);
        return key switch
        {
            JsonValue value when value.GetValueKind() is JsonValueKind.String => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                => value.ToJsonString(),
            null => throw new YamlException(start.Start, start.End, "map keys must be strings, numbers or booleans, not null"),
            _ => throw new YamlException(start.Start, start.End, "map keys must be strings, numbers or booleans, not a sequence or map"),
        };
    }

    private void Count(int nodes, ParsingEvent at)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw new YamlException(at.Start, at.End, string.Create(
                CultureInfo.InvariantCulture, $"document expands to more than {MaxNodes} values (alias bomb?)"));
        }
    }
}
