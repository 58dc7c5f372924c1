using System.Text.Json.Serialization;

namespace Verwalter.Api.Endpoints;

/// <summary>Source-generated JSON for the peer routes' request and reply bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AddHostReply))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;

/// <summary>cantal's answer to <c>add_host</c>.</summary>
internal sealed record AddHostReply(bool Ok);
