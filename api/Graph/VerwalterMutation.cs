using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Verwalter.Leadership;
using Verwalter.Rendering;
using Verwalter.Scheduling;

namespace Verwalter.Api.Graph;

/// <summary>
/// <c>Mutation { noop action(data) forceRenderAll }</c>: the original's <c>noop</c>, and the
/// commands of the HTTP API. Mutations need the API token when one is configured; the endpoint
/// checks it before the document runs.
/// </summary>
internal sealed class VerwalterMutation : ObjectGraphType
{
    public VerwalterMutation()
    {
        Name = "Mutation";
        Field<NonNullGraphType<NoopGraphType>, bool>("noop").Resolve(_ => true);
        Field<NonNullGraphType<LongGraphType>, long>("action")
            .Description("Registers an operator action (the JSON text in data) for the next scheduler run, as POST /v1/action; answers its id. Leader only.")
            .Argument<NonNullGraphType<StringGraphType>>("data")
            .Resolve(c => Register(c.RequestServices!, c.GetArgument<string>("data")));
        Field<NonNullGraphType<BooleanGraphType>, bool>("forceRenderAll")
            .Description("Re-applies every role with a new deployment id, as POST /v1/force_render_all.")
            .Resolve(c =>
            {
                c.RequestServices!.GetRequiredService<RenderController>().ForceRenderAll();
                return true;
            });
    }

    private static long Register(IServiceProvider services, string data)
    {
        if (!services.GetRequiredService<ILeadershipView>().Current.IsLeader)
        {
            throw new ExecutionError("this node is not the leader") { Code = "NOT_LEADER" };
        }

        byte[] body;
        try
        {
            body = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(data));
        }
        catch (JsonException ex)
        {
            throw new ExecutionError("argument 'data' is not JSON: " + ex.Message) { Code = "BAD_JSON" };
        }

        return services.GetRequiredService<ActionQueue>().Register(body)?.Id
            ?? throw new ExecutionError($"more than {ActionQueue.PerSecond} actions in this second") { Code = "TOO_MANY" };
    }
}
