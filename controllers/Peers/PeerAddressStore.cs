using System.Net;
using System.Text.Json;

namespace Verwalter.Peers;

/// <summary>
/// Remembers peer addresses across restarts, as cantal's <c>peers.json</c> does: the gossip loop
/// writes <c>{"ip_addresses": [...]}</c> to <c>&lt;storage-dir&gt;/peers.json</c> (temp file and rename)
/// and, at start, contacts every address in it, so a cluster that rebooted at once finds itself
/// again without <c>--join</c>.
/// </summary>
internal sealed class PeerAddressStore(string storageDir)
{
    public const string FileName = "peers.json";

    public string Path { get; } = System.IO.Path.Combine(storageDir, FileName);

    /// <summary>The stored addresses; none when the file is missing or unreadable (it is only a hint).</summary>
    public IReadOnlyList<string> Load()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
            return document.RootElement.TryGetProperty("ip_addresses", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String && IPEndPoint.TryParse(e.GetString()!, out var ep) && ep.Port > 0)
                    .Select(e => e.GetString()!)]
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(IEnumerable<string> addresses)
    {
        var temp = Path + ".tmp";
        var payload = new Dictionary<string, string[]> { ["ip_addresses"] = [.. addresses.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(payload, PeerSourceJsonContext.Default.DictionaryStringStringArray));
        File.Move(temp, Path, overwrite: true);
    }
}
