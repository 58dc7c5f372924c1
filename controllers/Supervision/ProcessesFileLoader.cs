using System.Collections.Immutable;
using System.Net;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>
/// Reads <c>processes/NAME.yaml</c> and enforces everything that needs only the sandbox: process
/// names, the image path shape, an absolute config path, instance counts and IP addresses. Unlike
/// lithos, a file that does not parse is an error, never an empty sandbox (spec B.6 hazard); any
/// key outside the orchestrator's choices (a command line, a user, a host path) is rejected.
/// </summary>
internal static partial class ProcessesFileLoader
{
    public const int MaxInstances = 10_000;

    private const string Allowed =
        "a processes file may only set kind, image, config, instances, variables, extra-secrets-namespaces and ip-addresses; "
        + "commands, users and host paths belong to the image and the sandbox";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static ProcessesFile Load(SandboxDefinition sandbox, string path) =>
        Parse(sandbox, path, File.ReadAllText(path));

    public static ProcessesFile Parse(SandboxDefinition sandbox, string path, string text)
    {
        var root = QuireDocument.Parse(path, text);
        if (QuireScalar.IsNull(root))
        {
            return ProcessesFile.Empty(path);
        }

        if (root is not YamlMappingNode mapping)
        {
            throw QuireMap.Error(path, root!, string.Empty, "a processes file must be a mapping of process name to entry");
        }

        var entries = ImmutableSortedDictionary.CreateBuilder<string, ProcessEntry>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = QuireMap.KeyText(path, string.Empty, keyNode);
            if (name.StartsWith('_'))
            {
                continue;
            }

            if (!IsValidName(name))
            {
                throw QuireMap.Error(path, keyNode, name, "process names may only use letters, digits, '_' and '-'");
            }

            entries[name] = ParseEntry(sandbox, path, name, (int)keyNode.Start.Line, value);
        }

        return new ProcessesFile(path, entries.ToImmutable());
    }

    /// <summary>Checks an image name: relative, exactly image-dir-levels plain components.</summary>
    public static string? ImageProblem(string image, int levels)
    {
        if (image.StartsWith('/'))
        {
            return "must be relative to the sandbox's image-dir, not an absolute path";
        }

        var parts = image.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
        {
            return "must not contain '..', '.' or empty components";
        }

        if (parts.Any(p => p.Contains('\0', StringComparison.Ordinal)))
        {
            return "must not contain NUL";
        }

        return parts.Length == levels ? null : $"must have exactly {levels} path component(s) (image-dir-levels)";
    }

    private static ProcessEntry ParseEntry(SandboxDefinition sandbox, string path, string name, int line, YamlNode node)
    {
        var map = QuireMap.Of(path, name, node, node);
        map.Allow("kind", "image", "config", "instances", "variables", "extra-secrets-namespaces", "ip-addresses");
        map.RejectUnknown(Allowed);
        var kind = ContainerConfigLoader.Kind(map, allowBoth: false);
        var imageNode = map.Take("image");
        var image = map.RequiredString("image");
        if (ImageProblem(image, sandbox.ImageDirLevels) is { } imageProblem)
        {
            throw map.Error(imageNode!, "image", $"'{image}' {imageProblem}");
        }

        var configNode = map.Take("config");
        var config = map.RequiredString("config");
        if (!config.StartsWith('/') || config.Split('/').Contains(".."))
        {
            throw map.Error(configNode!, "config", $"'{config}' must be an absolute path inside the image without '..'");
        }

        var variables = map.StringMap("variables");
        foreach (var variable in variables.Keys.Where(v => !IsValidName(v)))
        {
            throw map.Error(map.At, $"variables.{variable}", "variable names may only use letters, digits, '_' and '-'");
        }

        var ips = map.StringList("ip-addresses");
        foreach (var ip in ips.Where(ip => !IPAddress.TryParse(ip, out _)))
        {
            throw map.Error(map.At, "ip-addresses", $"'{ip}' is not an IP address");
        }

        var entry = new ProcessEntry(
            name,
            line,
            kind,
            image,
            config,
            (int)map.Integer("instances", 1, 0, MaxInstances),
            variables,
            map.StringList("extra-secrets-namespaces"),
            ips);
        return entry;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
