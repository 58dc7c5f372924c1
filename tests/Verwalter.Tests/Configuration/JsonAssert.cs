using System.Text.Json.Nodes;

namespace Verwalter.Tests.Configuration;

internal static class JsonAssert
{
    /// <summary>Structural equality (object key order ignored), printing both sides on failure.</summary>
    public static void Equal(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}");
    }
}
