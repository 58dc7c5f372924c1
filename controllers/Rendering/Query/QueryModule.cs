using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Wasm;

namespace Verwalter.Rendering.Query;

/// <summary>
/// <c>scheduler/v1/query.wasm</c>, the original verwalter query module, loaded on every node:
/// <c>init({schedule, hostname})</c> for each new schedule, <c>render_roles({deployment_id,
/// previous_schedule})</c> for the roles to render and their variables (instead of the built-in
/// merge), and <c>query(body)</c> for <c>POST /v1/query</c>. Same calling convention and
/// limits as <c>scheduler.wasm</c>. Not thread-safe; <see cref="QueryResponder"/> serialises calls.
/// </summary>
internal sealed class QueryModule : IDisposable
{
    public const string FileName = "query.wasm";
    public const string RelativePath = "scheduler/v1/" + FileName;

    private readonly WasmAbiModule _module;

    private QueryModule(WasmAbiModule module) => _module = module;

    public string File => _module.File;

    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>, naming the file.</exception>
    public static QueryModule Load(string file, ReadOnlySpan<byte> bytes, WasmLimits limits) =>
        new(WasmAbiModule.Load(file, bytes, ["init", "render_roles", "query"], limits));

    /// <exception cref="SchedulerException">A trap, a limit, a bad result, or an <c>Err</c> answer.</exception>
    public void Init(Schedule schedule, string hostname)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var request = new JsonObject
        {
            ["schedule"] = JsonNode.Parse(schedule.ToJson()),
            ["hostname"] = hostname,
        };
        Expect("init", Call("init", request));
    }

    /// <exception cref="SchedulerException">A failed call, an <c>Err</c> answer, or an answer without <c>to_render</c> and <c>all_roles</c>.</exception>
    public RolePlan RenderRoles(string deploymentId, Schedule? previous)
    {
        var request = new JsonObject
        {
            ["deployment_id"] = deploymentId,
            ["previous_schedule"] = previous is null ? null : JsonNode.Parse(previous.ToJson()),
        };
        var answer = Expect("render_roles", Call("render_roles", request));
        if (JsonNode.Parse(answer.Json) is not JsonObject value
            || value["to_render"] is not JsonObject toRender
            || value["all_roles"] is not JsonArray allRoles)
        {
            throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"{File}: render_roles: Ok value must be {{\"to_render\": {{role: vars}}, \"all_roles\": [role, ...]}}");
        }

        var roles = ImmutableSortedDictionary.CreateBuilder<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (role, vars) in toRender)
        {
            roles[role] = vars as JsonObject
                ?? throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"{File}: render_roles: to_render.{role} must be an object of variables");
        }

        ImmutableArray<string> all = [.. allRoles.Select(r => r?.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new RolePlan(roles.ToImmutable(), all, roles.Count > 0);
    }

    /// <summary>Passes a request body to <c>query</c>; an <c>Err</c> answer is returned, not thrown.</summary>
    /// <exception cref="SchedulerException">A trap, a limit or a result in neither form.</exception>
    public QueryAnswer Query(ReadOnlySpan<byte> body) =>
        QueryResultDecoder.Decode(File, "query", _module.Call("query", body));

    private QueryAnswer Call(string entry, JsonObject request) =>
        QueryResultDecoder.Decode(File, entry, _module.Call(entry, Encoding.UTF8.GetBytes(request.ToJsonString())));

    private QueryAnswer Expect(string entry, QueryAnswer answer) =>
        answer.Ok ? answer : throw new SchedulerException(SchedulerErrorKind.Runtime, $"{File}: {entry}: {QueryResultDecoder.Describe(answer)}");

    public void Dispose() => _module.Dispose();
}
