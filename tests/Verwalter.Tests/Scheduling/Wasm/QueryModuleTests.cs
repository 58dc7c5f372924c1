using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Rendering.Query;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Wasm;

namespace Verwalter.Tests.Scheduling.Wasm;

public sealed class QueryModuleTests
{
    private static readonly Schedule Current = Schedule.Create(1000, "77985419c732412ea38b94db00000000", 1, """{"roles":{"web":{}}}"""u8.ToArray());

    private static QueryModule Load(string wat) =>
        QueryModule.Load(QueryModule.RelativePath, WatModules.Compile(wat), new WasmLimits());

    [Fact]
    public void Query_AfterInit_AnswersOkWithTheInitRequestAndTheBody()
    {
        using var module = Load(WatModules.Query());
        module.Init(Current, "alpha");

        var answer = module.Query("""{"question":42}"""u8);

        Assert.True(answer.Ok);
        var value = JsonNode.Parse(answer.Json)!;
        Assert.Equal(42, value["body"]!["question"]!.GetValue<int>());
        Assert.Equal("alpha", value["init"]!["hostname"]!.GetValue<string>());
        Assert.Equal(Current.Hash, value["init"]!["schedule"]!["hash"]!.GetValue<string>());
        Assert.Equal("web", value["init"]!["schedule"]!["data"]!["roles"]!.AsObject().Single().Key);
    }

    [Fact]
    public void Query_ErrAnswer_IsReturnedWithKindAndMessage()
    {
        using var module = Load(WatModules.Query());
        module.Init(Current, "alpha");

        var answer = module.Query("{}"u8);

        Assert.False(answer.Ok);
        var error = JsonNode.Parse(answer.Json)!;
        Assert.Equal("Internal", error["kind"]!.GetValue<string>());
        Assert.Equal("empty query", error["message"]!.GetValue<string>());
    }

    [Fact]
    public void RenderRoles_OkPlan_GivesRolesToRenderAndAllRoles()
    {
        using var module = Load(WatModules.Query());
        module.Init(Current, "alpha");

        var plan = module.RenderRoles("deployment-1", null);

        Assert.Equal("query", plan.ToRender["web"]["from"]!.GetValue<string>());
        Assert.Equal(new[] { "db", "web" }, plan.AllRoles.ToArray());
    }

    [Fact]
    public void Init_ErrAnswer_FailsWithKindAndMessage()
    {
        using var module = Load(WatModules.Constant("""{"Err":{"kind":"Uninitialized","message":"bad schedule"}}""", "init")
            .Replace("(func (export \"init\")", "(func (export \"render_roles\") (param i32 i32) (result i32) (i32.const 1024)) (func (export \"query\") (param i32 i32) (result i32) (i32.const 1024)) (func (export \"init\")", StringComparison.Ordinal));

        var ex = Assert.Throws<SchedulerException>(() => module.Init(Current, "alpha"));

        Assert.Contains("scheduler/v1/query.wasm: init: Uninitialized: bad schedule", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NeitherOkNorErr_IsAnUnknownError()
    {
        var ex = Assert.Throws<SchedulerException>(() => QueryResultDecoder.Decode("q.wasm", "query", Encoding.UTF8.GetBytes("""{"Maybe": 1}""")));

        Assert.Equal(SchedulerErrorKind.InvalidResult, ex.Kind);
        Assert.Contains("unknown error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutRenderRoles_FailsNamingTheExport()
    {
        var ex = Assert.Throws<SchedulerException>(() => Load(WatModules.Constant("""{"Ok":null}""", "init")));

        Assert.Contains("does not export \"render_roles(i32, i32) -> i32\"", ex.Message, StringComparison.Ordinal);
    }
}
