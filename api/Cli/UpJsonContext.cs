using System.Text.Json.Serialization;

namespace Verwalter.Api.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UpReport))]
internal sealed partial class UpJsonContext : JsonSerializerContext;
