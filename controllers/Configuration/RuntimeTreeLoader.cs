using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Verwalter.Configuration;

/// <summary>
/// Builds the scheduler's <c>runtime</c> object from <c>&lt;config&gt;/runtime</c>, porting
/// verwalter's <c>read_runtime</c> (spec §1.2). Each <c>.yaml</c>/<c>.yml</c>/<c>.json</c>/<c>.txt</c>
/// file becomes the value at its path, with those extensions and <c>.d</c> removed from every
/// component: <c>runtime/app/v1.d/x.json</c> lands at <c>app.v1.x</c>. A file that cannot be read
/// or parsed is reported and left out; everything else still loads. Unlike verwalter the order is
/// fixed (see <see cref="ConfigDirectoryScanner"/>), so key collisions resolve the same way on
/// every node and every reload.
/// </summary>
internal static class RuntimeTreeLoader
{
    public const string FolderName = "runtime";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RuntimeTree Load(string configDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDir);
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var fingerprint = new ConfigFingerprint();
        var tree = new JsonObject();
        foreach (var file in ConfigDirectoryScanner.Scan(configDir, FolderName, IsRead, problems))
        {
            var content = ConfigDirectoryScanner.TryRead(file, problems);
            if (content is null)
            {
                continue;
            }

            fingerprint.Add(file.RelativePath, content);
            if (TryParse(file.RelativePath, content, problems, out var value))
            {
                Insert(tree, KeyPath(file.RelativePath), value);
            }
        }

        return new RuntimeTree(tree, problems.ToImmutable(), fingerprint.Compute());
    }

    /// <summary>Whether a file with this name is read; all others under <c>runtime</c> are ignored.</summary>
    public static bool IsRead(string fileName) => Path.GetExtension(fileName) is ".yaml" or ".yml" or ".json" or ".txt";

    /// <summary>The key of each path component below <c>runtime/</c>.</summary>
    public static string[] KeyPath(string relativePath)
    {
        var parts = relativePath.Split('/');
        var keys = new string[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            keys[i - 1] = StripExtension(parts[i]);
        }

        return keys;
    }

    private static string StripExtension(string name) =>
        Path.GetExtension(name) is ".yaml" or ".yml" or ".json" or ".txt" or ".d" ? Path.GetFileNameWithoutExtension(name) : name;

    private static bool TryParse(string path, byte[] content, ImmutableArray<ConfigProblem>.Builder problems, out JsonNode? value)
    {
        value = null;
        string text;
        try
        {
            text = StrictUtf8.GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new(path, null, null, "not valid UTF-8"));
            return false;
        }

        switch (Path.GetExtension(path))
        {
            case ".txt":
                value = JsonValue.Create(text);
                return true;
            case ".json":
                try
                {
                    using var document = JsonDocument.Parse(text);
                    value = ToNode(document.RootElement);
                    return true;
                }
                catch (JsonException e)
                {
                    problems.Add(new(path, (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, JsonMessage(e)));
                    return false;
                }

            default:
                try
                {
                    value = YamlToJson.ConvertFirstDocument(text);
                    return true;
                }
                catch (YamlException e)
                {
                    var located = e.Start.Line > 0;
                    problems.Add(new(path, located ? (int)e.Start.Line : null, located ? (int)e.Start.Column : null, YamlToJson.BareMessage(e)));
                    return false;
                }
        }
    }

    /// <summary>
    /// Copies a parsed element into nodes, keeping the last of repeated keys as serde_json does
    /// (<see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> would keep both).
    /// </summary>
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = ToNode(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static void Insert(JsonObject tree, string[] keys, JsonNode? value)
    {
        var node = tree;
        foreach (var key in keys.AsSpan(0, keys.Length - 1))
        {
            if (node[key] is not JsonObject child)
            {
                child = [];
                node[key] = child;
            }

            node = child;
        }

        node[keys[^1]] = value;
    }

    /// <summary>System.Text.Json appends "LineNumber: … | BytePositionInLine: …"; the problem already has both.</summary>
    private static string JsonMessage(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
