namespace Verwalter.Api.OpenApi;

/// <summary>
/// What the OpenAPI document says about one route: a summary, the success answer (a CLR type whose
/// schema is generated, or a free-form JSON/text body), the request body, and the error answers
/// (problem documents). <see cref="Errors"/> never lists 401; the transformer adds it wherever the
/// API token can apply.
/// </summary>
internal sealed record RouteDoc(string Summary, int Status = 200)
{
    public string? Description { get; init; }

    /// <summary>The success body's type; null with <see cref="FreeForm"/> for JSON built by hand.</summary>
    public Type? Response { get; init; }

    /// <summary>The success body's media type.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>A description of a body without a CLR type (schedule envelopes, logs, text).</summary>
    public string? FreeForm { get; init; }

    /// <summary>The request body's schema, as a JSON-schema-like description, for POST routes.</summary>
    public RequestDoc? Request { get; init; }

    /// <summary>Error answers with a problem document, by status code, with what causes each.</summary>
    public IReadOnlyDictionary<int, string> Errors { get; init; } = new Dictionary<int, string>();

    /// <summary>Error answers whose body is not a problem document, by status code.</summary>
    public IReadOnlyDictionary<int, Type> ErrorTypes { get; init; } = new Dictionary<int, Type>();
}
