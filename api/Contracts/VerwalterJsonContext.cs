using System.Text.Json.Serialization;

namespace Verwalter.Api.Contracts;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(ReadinessResponse))]
internal sealed partial class VerwalterJsonContext : JsonSerializerContext;
