using System.Collections.Immutable;
using System.Globalization;
using Verwalter.Configuration;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>
/// One YAML mapping read as a quire structure: keys may be spelled with <c>-</c> or <c>_</c>, every
/// key must be read by the loader (see <see cref="RejectUnknown"/>) except keys starting with
/// <c>_</c> (anchors), and a missing key and an explicit null both mean the default.
/// </summary>
internal sealed class QuireMap
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private QuireMap(string file, string path, YamlNode at)
    {
        File = file;
        Path = path;
        At = at;
    }

    public string File { get; }

    /// <summary>Dotted field path of this map inside the file, empty at the top.</summary>
    public string Path { get; }

    public YamlNode At { get; }

    /// <summary>Reads <paramref name="node"/> as a structure; null or an empty document is an empty map.</summary>
    public static QuireMap Of(string file, string path, YamlNode? node, YamlNode fallbackPosition)
    {
        var map = new QuireMap(file, path, node ?? fallbackPosition);
        if (QuireScalar.IsNull(node))
        {
            return map;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw Error(file, node!, path, "expected a mapping");
        }

        foreach (var (key, value) in mapping.Children)
        {
            var text = KeyText(file, path, key);
            if (text.StartsWith('_'))
            {
                continue;
            }

            var normal = text.Replace('_', '-');
            if (!map._entries.TryAdd(normal, (key, value)))
            {
                throw Error(file, key, Join(path, text), $"duplicate key (also spelled as '{normal}')");
            }
        }

        return map;
    }

    public static LithosConfigException Error(string file, YamlNode at, string field, string message) =>
        new(new ConfigProblem(file, (int)at.Start.Line, (int)at.Start.Column,
            field.Length == 0 ? message : string.Create(CultureInfo.InvariantCulture, $"{field}: {message}")));

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string KeyText(string file, string path, YamlNode key) =>
        key is YamlScalarNode { Value: { } text } ? text : throw Error(file, key, path, "map keys must be scalars");

    public string Field(string key) => Join(Path, key);

    public LithosConfigException Error(YamlNode at, string key, string message) => Error(File, at, Field(key), message);

    public bool Has(string key) => _entries.TryGetValue(key, out var entry) && !QuireScalar.IsNull(entry.Value);

    /// <summary>True when the key is present with an explicit null (which some keys read as "disabled").</summary>
    public bool IsExplicitNull(string key)
    {
        _used.Add(key);
        return _entries.TryGetValue(key, out var entry) && QuireScalar.IsNull(entry.Value);
    }

    /// <summary>The value, or null when absent or explicitly null; marks the key as known.</summary>
    public YamlNode? Take(string key)
    {
        _used.Add(key);
        return _entries.TryGetValue(key, out var entry) && !QuireScalar.IsNull(entry.Value) ? entry.Value : null;
    }

    /// <summary>Marks keys as known before <see cref="RejectUnknown"/>, so a stray key is reported first.</summary>
    public void Allow(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            _used.Add(key);
        }
    }

    /// <summary>Rejects every key no loader call asked for, naming it and what is allowed instead.</summary>
    public void RejectUnknown(string hint)
    {
        foreach (var (name, entry) in _entries)
        {
            if (!_used.Contains(name))
            {
                throw Error(entry.Key, name, $"unknown key; {hint}");
            }
        }
    }

    public string? OptionalString(string key) => Take(key) is { } node ? Text(node, key) : null;

    public string RequiredString(string key) =>
        OptionalString(key) ?? throw Error(At, key, "is required");

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public long Integer(string key, long fallback, long min, long max)
    {
        if (Take(key) is not { } node)
        {
            return fallback;
        }

        var text = Text(node, key);
        var value = QuireScalar.ParseInteger(text) ?? throw Error(node, key, $"'{text}' is not an integer");
        return value >= min && value <= max
            ? value
            : throw Error(node, key, string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}..{max}"));
    }

    public long? OptionalInteger(string key, long min, long max)
    {
        _used.Add(key);
        return Has(key) ? Integer(key, 0, min, max) : null;
    }

    public TimeSpan Seconds(string key, double fallback, double max)
    {
        if (Take(key) is not { } node)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        var text = Text(node, key);
        var value = QuireScalar.ParseSeconds(text) ?? throw Error(node, key, $"'{text}' is not a number of seconds");
        return value is >= 0 && value <= max
            ? TimeSpan.FromSeconds(value)
            : throw Error(node, key, string.Create(CultureInfo.InvariantCulture, $"{value} is outside 0..{max} seconds"));
    }

    public bool? OptionalBoolean(string key)
    {
        if (Take(key) is not { } node)
        {
            return null;
        }

        var text = Text(node, key);
        return QuireScalar.ParseBoolean(text) ?? throw Error(node, key, $"'{text}' is not a boolean");
    }

    public bool Boolean(string key, bool fallback) => OptionalBoolean(key) ?? fallback;

    public QuireMap Child(string key) => Of(File, Field(key), Take(key), At);

    public ImmutableSortedDictionary<string, string> StringMap(string key)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, _, value) in Entries(key))
        {
            builder[name] = QuireScalar.IsNull(value) ? string.Empty : Text(value, $"{key}.{name}");
        }

        return builder.ToImmutable();
    }

    /// <summary>Entries of a free-form map (names are data, not field names, so they are not re-spelled).</summary>
    public IEnumerable<(string Name, YamlNode KeyNode, YamlNode Value)> Entries(string key)
    {
        if (Take(key) is not { } node)
        {
            yield break;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, key, "expected a mapping");
        }

        foreach (var (k, v) in mapping.Children)
        {
            yield return (KeyText(File, Field(key), k), k, v);
        }
    }

    public IReadOnlyList<YamlNode> Items(string key) => Take(key) switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Children],
        var other => throw Error(other, key, "expected a list"),
    };

    public ImmutableArray<string> StringList(string key) => [.. Items(key).Select(item => Text(item, key))];

    public string Text(YamlNode node, string key) => node switch
    {
        YamlScalarNode { Value: { } value } => value,
        _ => throw Error(node, key, "expected a single value, not a list or a mapping"),
    };
}
