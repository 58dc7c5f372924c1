using System.Text.Json.Nodes;
using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering;

public sealed class RoleVariablesTests
{
    private static JsonObject Schedule(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Compute_Priority_NodeRoleThenNodeVarsThenRoleThenGlobal()
    {
        var plan = RoleVariables.Compute(Schedule("""
            {"vars": {"a": "global", "b": "global", "c": "global", "d": "global"},
             "roles": {"web": {"a": "role", "b": "role", "c": "role"}},
             "nodes": {"alpha": {"vars": {"a": "node", "b": "node"}, "roles": {"web": {"a": "node-role"}}}}}
            """), "alpha");
        var web = plan.ToRender["web"];
        Assert.Equal("node-role", web["a"]!.GetValue<string>());
        Assert.Equal("node", web["b"]!.GetValue<string>());
        Assert.Equal("role", web["c"]!.GetValue<string>());
        Assert.Equal("global", web["d"]!.GetValue<string>());
        Assert.Equal("web", web["role"]!.GetValue<string>());
        Assert.Equal("alpha", web["node"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_Objects_MergedTwoLevelsDeepThenReplacedWhole()
    {
        var merged = RoleVariables.Merge(
            JsonNode.Parse("""{"daemons": {"w": {"n": 1}}, "x": {"k": 1}}""")!.AsObject(),
            JsonNode.Parse("""{"daemons": {"w": {"n": 2, "m": 3}, "c": {"n": 4}}, "x": 5}""")!.AsObject());
        Assert.Equal("""{"daemons":{"w":{"n":1},"c":{"n":4}},"x":{"k":1}}""", merged.ToJsonString());
    }

    [Fact]
    public void Compute_OnlyRolesListedForThisNode_AndAllRolesIsTheUnion()
    {
        var plan = RoleVariables.Compute(Schedule("""
            {"roles": {"web": {}, "db": {}},
             "nodes": {"alpha": {"roles": {"web": {}}}, "beta": {"roles": {"cache": {}}}}}
            """), "alpha");
        Assert.Equal(["web"], plan.ToRender.Keys);
        Assert.Equal(["cache", "db", "web"], plan.AllRoles.AsEnumerable());
    }

    [Fact]
    public void Compute_EmptyArraysWhereObjectsExpected_AreEmpty()
    {
        var plan = RoleVariables.Compute(Schedule("""{"vars": [], "roles": [], "nodes": {"alpha": {"roles": {"web": []}, "vars": []}}}"""), "alpha");
        Assert.Equal(["web"], plan.ToRender.Keys);
    }

    [Fact]
    public void Compute_HostMissing_RendersNothingAndSaysSo()
    {
        var plan = RoleVariables.Compute(Schedule("""{"nodes": {"beta": {"roles": {"web": {}}}}}"""), "alpha");
        Assert.Empty(plan.ToRender);
        Assert.False(plan.NodeListed);
    }

    [Fact]
    public void Compute_NodeVarGiven_IsNotOverwritten()
    {
        var plan = RoleVariables.Compute(Schedule("""{"nodes": {"alpha": {"vars": {"node": "alpha.example.com"}, "roles": {"web": {}}}}}"""), "alpha");
        Assert.Equal("alpha.example.com", plan.ToRender["web"]["node"]!.GetValue<string>());
    }
}
