using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Verwalter.Api.Security;

namespace Verwalter.Api.Graph;

/// <summary>
/// Runs GraphQL documents for the HTTP endpoint and the WebSocket sessions, and decides which
/// need the API token: mutations always (when a token is configured), queries and subscriptions
/// only under <c>--api-token-protects-reads</c>.
/// </summary>
internal sealed class GraphRunner(VerwalterSchema schema, IDocumentExecuter executer, ApiTokenStore tokens, ApiTokenMetrics metrics)
{
    /// <summary>The document, parsed, and the type of the operation it would run; both null when it does not parse or names no such operation (the executor then reports why).</summary>
    public static (GraphQLDocument? Document, OperationType? Operation) Inspect(GraphQLRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return (null, null);
        }

        GraphQLDocument document;
        try
        {
            document = GraphQLParser.Parser.Parse(request.Query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return (null, null);
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var chosen = string.IsNullOrEmpty(request.OperationName)
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name is not null && o.Name.Value.Span.SequenceEqual(request.OperationName));
        return (document, chosen?.Operation);
    }

    /// <summary>Checks the token for an operation of <paramref name="operation"/> (null: not known yet, treated as the strictest, a mutation); a refusal is counted.</summary>
    public ApiTokenCheck Authorize(OperationType? operation, string? token)
    {
        var needs = operation is null or OperationType.Mutation || tokens.ProtectsReads;
        var check = needs ? tokens.CheckToken(token) : ApiTokenCheck.Accepted;
        if (check != ApiTokenCheck.Accepted)
        {
            metrics.Rejected(check);
        }

        return check;
    }

    /// <summary>Whether reads need the token, so a WebSocket must present it at <c>connection_init</c>.</summary>
    public bool ReadsNeedToken => tokens.Enabled && tokens.ProtectsReads;

    public ApiTokenCheck CheckToken(string? token)
    {
        var check = tokens.CheckToken(token);
        if (check != ApiTokenCheck.Accepted)
        {
            metrics.Rejected(check);
        }

        return check;
    }

    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, GraphQLDocument? document, IServiceProvider services, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            CancellationToken = cancellationToken,
        });
}
