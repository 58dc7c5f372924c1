using Verwalter.Api.Contracts;
using Verwalter.Api.Endpoints;

namespace Verwalter.Api.OpenApi;

/// <summary>
/// The description of every route, keyed <c>"METHOD /pattern"</c> (catch-all parameters written
/// <c>{path}</c>). A mapped route missing here has no summary in the document, which the
/// completeness test (OpenApiDocumentTests) reports.
/// </summary>
internal static class RouteDocs
{
    private static readonly Dictionary<int, string> NotFound = new() { [404] = "not found" };

    private static readonly RequestDoc AnyJson = new("Any JSON value: the action as the scheduler will see it under `actions`.");

    private static readonly RequestDoc AddHost = new(
        "The node to contact.",
        new Dictionary<string, string> { ["addr"] = "ip:port of the node" },
        ["addr"]);

    private static readonly RequestDoc GraphQLRequest = new(
        "A GraphQL request.",
        new Dictionary<string, string> { ["query"] = "the document", ["operationName"] = "the operation to run when the document has several", ["variables"] = "an object of variable values (JSON)" },
        ["query"]);

    private static readonly Dictionary<int, string> CommandErrors = new()
    {
        [400] = "the body is not JSON or misses a field (named in the detail)",
        [405] = "any method but POST (with an Allow: POST header)",
        [415] = "the body is not application/json (also a request without a body)",
    };

    private static readonly Dictionary<int, string> ActionErrors = new(CommandErrors)
    {
        [413] = "the body exceeds 64 KiB",
        [429] = "more than 1000 actions in this second",
        [503] = "this node is not the leader (the body names the leader and its address)",
    };

    private static readonly Dictionary<int, Type> NotLeader = new() { [503] = typeof(NotLeaderResponse) };

    private static readonly Dictionary<int, string> LogErrors = new()
    {
        [403] = "an external log name not configured in a sandbox",
        [404] = "no such file, or a path that would leave its folder",
        [416] = "a range outside the file",
    };

    public static readonly IReadOnlyDictionary<string, RouteDoc> All = new Dictionary<string, RouteDoc>(StringComparer.Ordinal)
    {
        ["GET /v1/status"] = new("This node's status: identity, leader, election, schedule, errors, loops, supervisor.") { Response = typeof(StatusResponse) },
        ["GET /v1/schedule"] = new("The current schedule envelope {timestamp, hash, origin, epoch, data}.") { FreeForm = "the schedule envelope", Errors = new Dictionary<int, string> { [404] = "no schedule yet" } },
        ["GET /v1/schedule/{hash}"] = new("The schedule envelope with this hash, if this node holds it or held it recently.") { FreeForm = "the schedule envelope", Errors = NotFound },
        ["GET /v1/scheduler_input"] = new("The input of the last scheduler run.") { FreeForm = "the scheduler input", Errors = new Dictionary<int, string> { [404] = "no run yet" } },
        ["GET /v1/scheduler_debug_info"] = new("The last scheduler run's log, then 'Error: ...' when it failed.") { ContentType = "text/plain", FreeForm = "the run's log", Errors = new Dictionary<int, string> { [404] = "no run yet" } },
        ["GET /v1/backups"] = new("Backup names in name order.") { Response = typeof(IReadOnlyList<string>) },
        ["GET /v1/backup/{name}"] = new("A gzip backup of the schedule (Content-Encoding: gzip); range requests work.") { FreeForm = "the gzipped schedule envelope", Errors = new Dictionary<int, string> { [404] = "no such backup, or a name with other than letters, digits and '-'" } },
        ["GET /v1/roles_data"] = new("The merged variables of every role this node renders: {to_render, all_roles}.") { FreeForm = "{\"to_render\": {role: vars}, \"all_roles\": [...]}", Errors = new Dictionary<int, string> { [500] = "no schedule yet" } },
        ["POST /v1/force_render_all"] = new("Re-applies every role with a new deployment id.", 202) { FreeForm = "\"ok\"", Request = new RequestDoc("Any JSON (ignored), e.g. {}."), Errors = CommandErrors },
        ["GET /v1/peers"] = new("The other nodes in verwalter's shape.") { FreeForm = "the peer list" },
        ["GET /all_peers"] = new("The other nodes in cantal's shape.") { FreeForm = "{\"peers\": [...]}" },
        ["GET /all_peers.json"] = new("The other nodes in cantal's shape.") { FreeForm = "{\"peers\": [...]}" },
        ["GET /all_peers.pretty"] = new("The other nodes in cantal's shape, indented.") { FreeForm = "{\"peers\": [...]}" },
        ["POST /add_host"] = new("Contacts the node at this address (cantal's command).") { Response = typeof(AddHostReply), Request = AddHost, Errors = new Dictionary<int, string>(CommandErrors) { [409] = "the peer source cannot add hosts (peers file)" } },
        ["POST /add_host.json"] = new("Contacts the node at this address (cantal's command).") { Response = typeof(AddHostReply), Request = AddHost, Errors = new Dictionary<int, string>(CommandErrors) { [409] = "the peer source cannot add hosts (peers file)" } },
        ["GET /v1/election"] = new("This node's view of the election.") { Response = typeof(ElectionResponse) },
        ["POST /v1/action"] = new("Registers an operator action for the next scheduler run (leader only).") { Response = typeof(ActionRegistered), Request = AnyJson, Errors = ActionErrors, ErrorTypes = NotLeader },
        ["POST /v1/wait_action"] = new("As /v1/action, answering when the run that saw the action is published: 200 with the scheduler's reply, 204 without one.") { FreeForm = "the scheduler's reply for this action", Request = AnyJson, Errors = ActionErrors, ErrorTypes = NotLeader },
        ["GET /v1/pending_actions"] = new("Actions waiting for a published run, by id.") { FreeForm = "{\"<id>\": action}" },
        ["GET /v1/action_is_pending/{id}"] = new("Whether the action with this id still waits.") { Response = typeof(ActionPending), Errors = new Dictionary<int, string> { [404] = "the id is not a number" } },
        ["GET /v1/leader-redirect-by-node-name"] = new("308 to the leader by name (waits up to 65 s for one).", 308) { FreeForm = "empty; Location names the leader", Errors = new Dictionary<int, string> { [404] = "no leader found in 65 seconds (text/plain)" } },
        ["GET /v1/leader-redirect-by-node-name/{rest}"] = new("308 to this path on the leader, by name (waits up to 65 s for one).", 308) { FreeForm = "empty; Location names the leader", Errors = new Dictionary<int, string> { [404] = "no leader found in 65 seconds (text/plain)" } },
        ["GET /v1/log/index/{path}"] = new("Deployment log index files (e.g. latest); ranges, ETag, 304.") { ContentType = "application/octet-stream", FreeForm = "the file", Errors = LogErrors },
        ["HEAD /v1/log/index/{path}"] = new("Headers of a log index file.") { ContentType = "application/octet-stream", FreeForm = "no body", Errors = LogErrors },
        ["GET /v1/log/global/{path}"] = new("Global deployment log files.") { ContentType = "application/octet-stream", FreeForm = "the file", Errors = LogErrors },
        ["HEAD /v1/log/global/{path}"] = new("Headers of a global log file.") { ContentType = "application/octet-stream", FreeForm = "no body", Errors = LogErrors },
        ["GET /v1/log/changes/{path}"] = new("Schedule change log files.") { ContentType = "application/octet-stream", FreeForm = "the file", Errors = LogErrors },
        ["HEAD /v1/log/changes/{path}"] = new("Headers of a change log file.") { ContentType = "application/octet-stream", FreeForm = "no body", Errors = LogErrors },
        ["GET /v1/log/role/{path}"] = new("A role's log files: role/<path>.") { ContentType = "application/octet-stream", FreeForm = "the file", Errors = LogErrors },
        ["HEAD /v1/log/role/{path}"] = new("Headers of a role log file.") { ContentType = "application/octet-stream", FreeForm = "no body", Errors = LogErrors },
        ["GET /v1/log/external/{name}/{path}"] = new("A file under a sandbox's named log dir.") { ContentType = "application/octet-stream", FreeForm = "the file", Errors = LogErrors },
        ["HEAD /v1/log/external/{name}/{path}"] = new("Headers of an external log file.") { ContentType = "application/octet-stream", FreeForm = "no body", Errors = LogErrors },
        ["POST /v1/graphql"] = new("Runs a GraphQL query or mutation (mutations need the API token).") { FreeForm = "{\"data\": ..., \"errors\": [...]}", Request = GraphQLRequest, Errors = new Dictionary<int, string> { [400] = "not a GraphQL request, a document that fails to parse or validate (errors in the GraphQL shape), or a subscription", [415] = "the body is not application/json" } },
        ["GET /v1/graphql"] = new("The WebSocket for GraphQL subscriptions (sub-protocols graphql-transport-ws and graphql-ws).", 101) { FreeForm = "a WebSocket", Errors = new Dictionary<int, string> { [400] = "not a WebSocket request, or an unknown sub-protocol" } },
        ["GET /v1/graphiql"] = new("A small query page for /v1/graphql.") { ContentType = "text/html", FreeForm = "the page" },
        ["GET /v1/openapi"] = new("This document (also as /v1/openapi.json).") { FreeForm = "the OpenAPI document" },
        ["GET /v1/events/status"] = new("Server-sent events: a `status` event (the /v1/status body) at once, on every change, and at least every 5 s.") { ContentType = "text/event-stream", FreeForm = "event: status / data: {...}" },
        ["GET /v1/wasm/{file}"] = new("scheduler.wasm or query.wasm from <config>/scheduler/v1/, as the original serves them.") { ContentType = "application/wasm", FreeForm = "the module", Errors = NotFound },
        ["HEAD /v1/wasm/{file}"] = new("Headers of a wasm module.") { ContentType = "application/wasm", FreeForm = "no body", Errors = NotFound },
        ["POST /v1/query"] = new("Passes the JSON body to scheduler/v1/query.wasm's query export: 200 with its Ok value, 400 with its Err object.") { FreeForm = "the module's Ok value", Request = new RequestDoc("Any JSON value: the query as the module expects it."), Errors = new Dictionary<int, string> { [400] = "the body is not JSON, or the module answered Err", [404] = "no query.wasm", [415] = "the body is not application/json", [500] = "the module trapped or answered neither Ok nor Err", [503] = "no schedule yet" } },
        ["POST /v1/query/{path}"] = new("As POST /v1/query, with the original's request form {path, body}.") { FreeForm = "the module's Ok value", Request = new RequestDoc("Any JSON value: the body."), Errors = new Dictionary<int, string> { [400] = "the body is not JSON, or the module answered Err", [404] = "no query.wasm", [415] = "the body is not application/json", [500] = "the module trapped or answered neither Ok nor Err", [503] = "no schedule yet" } },
        ["GET /v1/shadow"] = new("Leader only: every shadow scheduler's last run.") { FreeForm = "{\"shadows\": {name: {engine, ok, error, hash, main_hash, differences, at, duration_ms}}}" },
        ["GET /v1/shadow/{name}/schedule"] = new("A shadow scheduler's schedule envelope plus its diff against the main schedule.") { FreeForm = "the envelope with diff, main_hash and log", Errors = new Dictionary<int, string> { [404] = "no such shadow", [500] = "the shadow's last run failed (the error in the body)" } },
        ["GET /healthz"] = new("'ok' while the process serves requests; never needs the token.") { ContentType = "text/plain", FreeForm = "ok" },
        ["GET /readyz"] = new("Readiness: config read, a schedule exists, no cluster loop stuck; never needs the token.") { Response = typeof(ReadinessResponse), Errors = new Dictionary<int, string> { [503] = "not ready (the body lists the reasons)" }, ErrorTypes = new Dictionary<int, Type> { [503] = typeof(ReadinessResponse) } },
        ["GET /metrics"] = new("Prometheus text format 0.0.4.") { ContentType = "text/plain", FreeForm = "the exposition" },
    };

    /// <summary>The key of a route: the method and the pattern with catch-alls and constraints reduced to <c>{name}</c>.</summary>
    public static string Key(string method, string pattern) => method.ToUpperInvariant() + " " + Normalize(pattern);

    public static string Normalize(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{\*{0,2}([A-Za-z0-9_]+)(:[^}]*)?\??\}", "{$1}");
    }
}
