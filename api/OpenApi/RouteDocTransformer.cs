using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Verwalter.Api.Security;

namespace Verwalter.Api.OpenApi;

/// <summary>
/// Fills each operation from <see cref="RouteDocs"/>: summary, success body schema, request body,
/// and the error answers as problem documents, plus 401 wherever the API token can apply.
/// </summary>
internal sealed class RouteDocTransformer : IOpenApiOperationTransformer
{
    public const string ProblemType = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (description.HttpMethod is null || description.RelativePath is null
            || !RouteDocs.All.TryGetValue(RouteDocs.Key(description.HttpMethod, description.RelativePath), out var doc))
        {
            return;
        }

        operation.Summary = doc.Summary;
        operation.Description = doc.Description;
        var responses = new OpenApiResponses
        {
            [doc.Status.ToString(CultureInfo.InvariantCulture)] = await SuccessAsync(doc, context, cancellationToken),
        };
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        foreach (var (status, why) in doc.Errors.OrderBy(e => e.Key))
        {
            var schema = doc.ErrorTypes.TryGetValue(status, out var type) ? await context.GetOrCreateSchemaAsync(type, null, cancellationToken) : problem;
            responses[status.ToString(CultureInfo.InvariantCulture)] = Body(why, doc.ErrorTypes.ContainsKey(status) ? "application/json" : ProblemType, schema);
        }

        var metadata = description.ActionDescriptor.EndpointMetadata;
        var access = metadata.OfType<ApiAccessMetadata>().FirstOrDefault()?.Access
            ?? (HttpMethods.IsGet(description.HttpMethod) || HttpMethods.IsHead(description.HttpMethod) ? ApiAccess.Read : ApiAccess.Command);
        if (access != ApiAccess.Open)
        {
            var when = access switch
            {
                ApiAccess.Command => "a missing or wrong API token (with --api-token-file); checked before any other error",
                ApiAccess.SelfChecked => "a missing or wrong API token: for mutations with --api-token-file, for every operation with --api-token-protects-reads",
                _ => "a missing or wrong API token, with --api-token-protects-reads",
            };
            responses["401"] = Body(when, ProblemType, problem);
        }

        operation.Responses = responses;
        if (doc.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = request.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = RequestSchema(request) },
                },
            };
        }
    }

    private static async Task<IOpenApiResponse> SuccessAsync(RouteDoc doc, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (doc.Status is 101 or 204 or 308)
        {
            return new OpenApiResponse { Description = doc.FreeForm ?? doc.Summary };
        }

        var schema = doc.Response is { } type
            ? await context.GetOrCreateSchemaAsync(type, null, ct)
            : new OpenApiSchema
            {
                Type = doc.ContentType.StartsWith("application/json", StringComparison.Ordinal) ? null : JsonSchemaType.String,
                Description = doc.FreeForm,
            };
        return Body(doc.FreeForm ?? doc.Summary, doc.ContentType, schema);
    }

    private static OpenApiResponse Body(string description, string contentType, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } },
    };

    private static OpenApiSchema RequestSchema(RequestDoc request)
    {
        if (request.Properties is null)
        {
            return new OpenApiSchema { Description = request.Description };
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = request.Description,
            Properties = request.Properties.ToDictionary(p => p.Key, p => (IOpenApiSchema)new OpenApiSchema { Description = p.Value }),
            Required = new HashSet<string>(request.Required ?? [], StringComparer.Ordinal),
        };
    }
}
