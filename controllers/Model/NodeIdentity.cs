using System.Security.Cryptography;

namespace Verwalter.Model;

/// <summary>
/// Who this node is: a 16-byte id shown as 32 lowercase hex digits, the host name that schedules
/// address it by (<c>nodes.&lt;hostname&gt;</c>), and a display name.
/// </summary>
public sealed record NodeIdentity(string Id, string Hostname, string Name)
{
    public const string MachineIdPath = "/etc/machine-id";
    public const string StoredIdFile = "node-id";

    /// <summary>
    /// Picks the id: <paramref name="overrideId"/> when given; else <c>/etc/machine-id</c>; else an
    /// id generated once and kept in <c>&lt;storage&gt;/node-id</c>.
    /// </summary>
    /// <exception cref="FormatException">A given or stored id is not 32 hex digits (exit code 3).</exception>
    public static NodeIdentity Resolve(string? overrideId, string? hostname, string storageDir, string machineIdPath = MachineIdPath)
    {
        var host = string.IsNullOrWhiteSpace(hostname) ? Environment.MachineName : hostname.Trim();
        string id;
        if (!string.IsNullOrWhiteSpace(overrideId))
        {
            id = Validate(overrideId, "--override-machine-id");
        }
        else if (File.Exists(machineIdPath))
        {
            id = Validate(File.ReadAllText(machineIdPath), machineIdPath);
        }
        else
        {
            var stored = Path.Combine(storageDir, StoredIdFile);
            if (File.Exists(stored))
            {
                id = Validate(File.ReadAllText(stored), stored);
            }
            else
            {
                id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                Directory.CreateDirectory(storageDir);
                File.WriteAllText(stored, id + "\n");
            }
        }

        return new NodeIdentity(id, host, host);
    }

    private static string Validate(string text, string source)
    {
        var trimmed = text.TrimEnd('\n', '\r').Trim();
        if (trimmed.Length != 32 || !trimmed.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"{source}: a node id must be 32 hex digits, got '{trimmed}'");
        }

        return trimmed.ToLowerInvariant();
    }
}
