namespace Verwalter.Api.OpenApi;

/// <summary>A JSON request body: its description and, when it has a fixed shape, its string properties (name → meaning; the required ones).</summary>
internal sealed record RequestDoc(string Description, IReadOnlyDictionary<string, string>? Properties = null, IReadOnlyList<string>? Required = null);
