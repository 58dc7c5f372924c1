using YamlDotNet.RepresentationModel;

namespace Verwalter.Tests.Charts;

/// <summary>Short, asserting accessors for rendered manifests.</summary>
internal static class YamlNodes
{
    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(Child(node, key));

    public static YamlSequenceNode Seq(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlSequenceNode>(Child(node, key));

    public static string? Str(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static bool Has(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    private static YamlNode Child(YamlMappingNode node, string key)
    {
        Assert.True(node.Children.TryGetValue(new YamlScalarNode(key), out var value), $"no '{key}' in {node}");
        return value!;
    }
}
