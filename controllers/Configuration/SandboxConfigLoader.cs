using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Verwalter.Configuration;

/// <summary>
/// Reads <c>sandbox/*.yaml|yml</c> (files merged in name order, later keys win). The only key is
/// <c>log_dirs</c> (or <c>log-dirs</c>); unknown keys are problems unless they start with <c>_</c>;
/// every folder must be absolute.
/// </summary>
internal static class SandboxConfigLoader
{
    public static (SandboxConfig Config, ImmutableArray<ConfigProblem> Problems, string Fingerprint) Load(string configDir)
    {
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var fingerprint = new ConfigFingerprint();
        var logDirs = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var files = ConfigDirectoryScanner.Scan(configDir, "sandbox", name => name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal), problems);
        foreach (var file in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            var bytes = ConfigDirectoryScanner.TryRead(file, problems);
            if (bytes is null)
            {
                continue;
            }

            fingerprint.Add(file.RelativePath, bytes);
            JsonNode? root;
            try
            {
                root = YamlToJson.ConvertFirstDocument(Encoding.UTF8.GetString(bytes));
            }
            catch (YamlException e)
            {
                problems.Add(new(file.RelativePath, (int)e.Start.Line, (int)e.Start.Column, YamlToJson.BareMessage(e)));
                continue;
            }

            if (root is null)
            {
                continue;
            }

            if (root is not JsonObject map)
            {
                problems.Add(new(file.RelativePath, null, null, "a sandbox file must hold a mapping"));
                continue;
            }

            foreach (var (key, value) in map)
            {
                if (key.StartsWith('_'))
                {
                    continue;
                }

                if (key is not ("log_dirs" or "log-dirs"))
                {
                    problems.Add(new(file.RelativePath, null, null, $"unknown key '{key}' (known: log_dirs)"));
                    continue;
                }

                AddLogDirs(file.RelativePath, value, logDirs, problems);
            }
        }

        return (new SandboxConfig(logDirs.ToImmutable()), problems.ToImmutable(), fingerprint.Compute());
    }

    private static void AddLogDirs(string path, JsonNode? value, ImmutableSortedDictionary<string, string>.Builder logDirs, ImmutableArray<ConfigProblem>.Builder problems)
    {
        if (value is not JsonObject dirs)
        {
            problems.Add(new(path, null, null, "log_dirs must be a mapping of name to absolute folder"));
            return;
        }

        foreach (var (name, dir) in dirs)
        {
            var folder = dir is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (folder is null || !Path.IsPathRooted(folder))
            {
                problems.Add(new(path, null, null, $"log_dirs.{name} must be an absolute folder, got {dir?.ToJsonString() ?? "null"}"));
                continue;
            }

            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
            {
                problems.Add(new(path, null, null, $"log_dirs name '{name}' must be a plain name"));
                continue;
            }

            logDirs[name] = folder;
        }
    }
}
