using System.Text.Json.Nodes;
using Verwalter.Configuration;
using Verwalter.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Templates;

public sealed class TemplateDataTests
{
    [Fact]
    public void From_ParsedJson_GivesPlainClrValues()
    {
        var data = Assert.IsType<Dictionary<string, object?>>(
            TemplateData.From(JsonNode.Parse("""{"s": "x", "i": 9007199254740993, "f": 2.0, "g": 1.5, "t": true, "n": null, "l": [1, {"k": []}]}""")));

        Assert.Equal(["s", "i", "f", "g", "t", "n", "l"], data.Keys);
        Assert.Equal("x", data["s"]);
        Assert.Equal(9007199254740993L, data["i"]);
        Assert.Equal(2.0, Assert.IsType<double>(data["f"]));
        Assert.Equal(1.5, data["g"]);
        Assert.Equal(true, data["t"]);
        Assert.Null(data["n"]);
        var list = Assert.IsType<List<object?>>(data["l"]);
        Assert.Equal(1L, list[0]);
        Assert.Empty(Assert.IsType<List<object?>>(Assert.IsType<Dictionary<string, object?>>(list[1])["k"]));
    }

    [Fact]
    public void From_BuiltNodes_GivesTheSameTypes()
    {
        var node = new JsonObject { ["i"] = 3, ["l"] = 4L, ["d"] = 0.5, ["m"] = 2.5m, ["b"] = false, ["s"] = "v" };

        var data = Assert.IsType<Dictionary<string, object?>>(TemplateData.From(node));

        Assert.Equal(3L, data["i"]);
        Assert.Equal(4L, data["l"]);
        Assert.Equal(0.5, data["d"]);
        Assert.Equal(2.5, data["m"]);
        Assert.Equal(false, data["b"]);
        Assert.Equal("v", data["s"]);
    }

    [Fact]
    public void From_YamlFloats_StayFloats() =>
        Assert.IsType<double>(Assert.IsType<Dictionary<string, object?>>(TemplateData.From(YamlToJson.ConvertFirstDocument("a: 2.0\n")))["a"]);

    [Fact]
    public void From_Null_IsNull() => Assert.Null(TemplateData.From(null));
}
