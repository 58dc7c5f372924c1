using System.Collections.Immutable;
using System.Text.Json;

namespace Verwalter.Supervision;

/// <summary>
/// What makes a running instance "the same" (spec B.3.3): image, config path, variables, extra
/// secret namespaces, this instance's IP and kind. A change to any of them restarts the instance;
/// edits inside the image at the same path, instance counts and sandbox changes do not (images are
/// treated as immutable, as lithos does).
/// </summary>
internal sealed record InstanceIdentity(
    string Image,
    string Config,
    ImmutableSortedDictionary<string, string> Variables,
    ImmutableArray<string> ExtraSecretsNamespaces,
    string? IpAddress,
    ProcessKind Kind)
{
    public bool Equals(InstanceIdentity? other) =>
        other is not null
        && Image == other.Image
        && Config == other.Config
        && IpAddress == other.IpAddress
        && Kind == other.Kind
        && ExtraSecretsNamespaces.SequenceEqual(other.ExtraSecretsNamespaces)
        && Variables.Count == other.Variables.Count
        && Variables.All(pair => other.Variables.TryGetValue(pair.Key, out var value) && value == pair.Value);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Image);
        hash.Add(Config);
        hash.Add(IpAddress);
        hash.Add(Kind);
        foreach (var (name, value) in Variables)
        {
            hash.Add(name);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The identity JSON, so logs show what changed.</summary>
    public override string ToString() => ToJson();

    /// <summary>
    /// Compact JSON in lithos's key order (<c>instances</c> always 1, empty optional fields left
    /// out), to record next to a running child so a restarted supervisor can recognise it.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("instances", 1);
            writer.WriteString("image", Image);
            writer.WriteString("config", Config);
            if (!Variables.IsEmpty)
            {
                writer.WriteStartObject("variables");
                foreach (var (name, value) in Variables)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }

            if (!ExtraSecretsNamespaces.IsEmpty)
            {
                writer.WriteStartArray("extra_secrets_namespaces");
                ExtraSecretsNamespaces.ToList().ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }

            if (IpAddress is not null)
            {
                writer.WriteString("ip_address", IpAddress);
            }

            writer.WriteString("kind", Kind.ToString());
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
