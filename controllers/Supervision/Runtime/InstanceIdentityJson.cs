using System.Collections.Immutable;
using System.Text.Json;

namespace Verwalter.Supervision.Runtime;

/// <summary>Reads back <see cref="InstanceIdentity.ToJson"/>, for adoption.</summary>
internal static class InstanceIdentityJson
{
    public static InstanceIdentity? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var variables = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("variables", out var vars))
            {
                foreach (var property in vars.EnumerateObject())
                {
                    variables[property.Name] = property.Value.GetString() ?? string.Empty;
                }
            }

            var namespaces = root.TryGetProperty("extra_secrets_namespaces", out var ns)
                ? ns.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToImmutableArray()
                : [];
            return new InstanceIdentity(
                root.GetProperty("image").GetString()!,
                root.GetProperty("config").GetString()!,
                variables.ToImmutable(),
                namespaces,
                root.TryGetProperty("ip_address", out var ip) ? ip.GetString() : null,
                Enum.Parse<ProcessKind>(root.GetProperty("kind").GetString()!));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
