using System.Text.Json.Serialization;

namespace Verwalter.Peers;

/// <summary>Source-generated JSON for the bodies the peer sources send.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class PeerSourceJsonContext : JsonSerializerContext;
