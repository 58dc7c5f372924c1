using Verwalter.Configuration;
using YamlDotNet.Core;

namespace Verwalter.Tests.Configuration;

public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("--- ~\n")]
    public void EmptyDocument_IsNull(string yaml) => Assert.Null(YamlToJson.ConvertFirstDocument(yaml));

    [Fact]
    public void OnlyTheFirstDocument_IsUsed() =>
        JsonAssert.Equal("""{"a": 1}""", YamlToJson.ConvertFirstDocument("a: 1\n---\nb: 2\n---\n[broken\n"));

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("+3", "3")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("1.5", "1.5")]
    [InlineData("-2.5e3", "-2500")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("99999999999999999999", "1E+20")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("TRUE", "true")]
    [InlineData("null", "null")]
    [InlineData("~", "null")]
    [InlineData("hello world", "\"hello world\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("nan", "\"nan\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "\"0xFFFFFFFFFFFFFFFF\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("'123'", "\"123\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("'null'", "\"null\"")]
    [InlineData("!!str 12", "\"12\"")]
    [InlineData("! 12", "\"12\"")]
    [InlineData("|\n  12\n", "\"12\\n\"")]
    public void PlainScalars_AreTypedAndQuotedOnesStayStrings(string yaml, string expectedJson) =>
        JsonAssert.Equal(expectedJson, YamlToJson.ConvertFirstDocument(yaml));

    [Fact]
    public void Integers_StayIntegers()
    {
        var node = YamlToJson.ConvertFirstDocument("9007199254740993");

        Assert.Equal(9007199254740993L, node!.GetValue<long>());
    }

    [Fact]
    public void MapKeys_OfIntFloatAndBoolType_BecomeStrings() =>
        JsonAssert.Equal(
            """{"1": "a", "true": "b", "1.5": "c", "16": "d", "x": "e"}""",
            YamlToJson.ConvertFirstDocument("1: a\ntrue: b\n1.5: c\n0x10: d\nx: e\n"));

    [Theory]
    [InlineData("~: a\n", 1, 1, "not null")]
    [InlineData("a: 1\n? [x]\n: b\n", 2, 3, "not a sequence or map")]
    [InlineData("a: 1\n? {k: v}\n: b\n", 2, 3, "not a sequence or map")]
    public void MapKeys_OfOtherTypes_AreErrors(string yaml, int line, int column, string fragment)
    {
        var error = Assert.ThrowsAny<YamlException>(() => YamlToJson.ConvertFirstDocument(yaml));

        Assert.Equal((line, column), ((int)error.Start.Line, (int)error.Start.Column));
        Assert.Contains(fragment, YamlToJson.BareMessage(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_AreResolvedAsIndependentCopies()
    {
        var node = YamlToJson.ConvertFirstDocument("base: &b {x: 1, l: [1, 2]}\nuse: *b\nkey: &k name\n*k : 3\n");

        JsonAssert.Equal("""{"base": {"x": 1, "l": [1, 2]}, "use": {"x": 1, "l": [1, 2]}, "key": "name", "name": 3}""", node);
        node!["use"]!["x"] = 2;
        Assert.Equal(1, node["base"]!["x"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("a: .nan\n", 1, 4)]
    [InlineData("a:\n  - .inf\n", 2, 5)]
    [InlineData("- -.Inf\n", 1, 3)]
    [InlineData("x: 1e999\n", 1, 4)]
    public void NanAndInfinity_AreErrorsAtTheScalar(string yaml, int line, int column)
    {
        var error = Assert.ThrowsAny<YamlException>(() => YamlToJson.ConvertFirstDocument(yaml));

        Assert.Equal((line, column), ((int)error.Start.Line, (int)error.Start.Column));
        Assert.Contains("JSON", YamlToJson.BareMessage(error), StringComparison.Ordinal);
    }

    [Fact]
    public void AliasBomb_FailsFast()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 8; i++)
        {
            var previous = i == 0 ? "a" : $"b{i - 1}";
            yaml += $"b{i}: &b{i} [{string.Join(", ", Enumerable.Repeat("*" + previous, 10))}]\n";
        }

        var error = Assert.ThrowsAny<YamlException>(() => YamlToJson.ConvertFirstDocument(yaml));

        Assert.Contains("alias bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsAnErrorNotAStackOverflow()
    {
        var yaml = new string('[', 1000) + new string(']', 1000);

        Assert.ThrowsAny<YamlException>(() => YamlToJson.ConvertFirstDocument(yaml));
    }

    [Fact]
    public void DuplicateKeys_KeepTheLastValue() =>
        JsonAssert.Equal("""{"a": 2}""", YamlToJson.ConvertFirstDocument("a: 1\na: 2\n"));
}
