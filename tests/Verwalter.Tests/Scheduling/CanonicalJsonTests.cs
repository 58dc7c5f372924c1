using System.Text;
using System.Text.Json;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling;

public sealed class CanonicalJsonTests
{
    private static string Canon(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Canonicalize_NestedObjects_SortsKeysAndDropsWhitespace() =>
        Assert.Equal("""{"a":[3,{"x":1,"y":2}],"b":{"c":true,"d":null}}""", Canon("""{ "b": {"d": null, "c": true}, "a": [3, {"y": 2, "x": 1}] }"""));

    [Fact]
    public void Canonicalize_KeysSortedByUtf8Bytes_NotByUtf16() =>
        Assert.Equal("{\"\uFF5E\":1,\"\U0001F600\":2}", Canon("{\"\U0001F600\":2,\"\uFF5E\":1}"));

    [Fact]
    public void Canonicalize_RepeatedKey_KeepsLastValue() => Assert.Equal("""{"a":2}""", Canon("""{"a":1,"a":2}"""));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1.0")]
    [InlineData("1.50", "1.5")]
    [InlineData("0.1", "0.1")]
    [InlineData("0.001", "0.001")]
    [InlineData("0.00001", "0.00001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("1e16", "1e16")]
    [InlineData("123456.789", "123456.789")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("18446744073709551616", "1.8446744073709552e19")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    public void FormatNumber_Literal_WritesShortestWithOriginalPlacement(string raw, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(raw));

    [Fact]
    public void Canonicalize_Strings_EscapesOnlyQuoteBackslashAndControls() =>
        Assert.Equal("[\"a\\\"b\\\\c\\n\\u0001ü/<>\"]", Canon("[\"a\\\"b\\\\c\\n\\u0001\\u00fc\\/<>\"]"));

    [Fact]
    public void Canonicalize_ParseWriteTwice_IsStable()
    {
        var once = CanonicalJson.Canonicalize("""{"z":[1.0,2e-9,"x"],"a":{"b":-0.5}}"""u8);
        Assert.Equal(once, CanonicalJson.Canonicalize(once));
    }

    [Fact]
    public void Canonicalize_TrailingGarbage_Throws() =>
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Canonicalize("{} {}"u8));

    [Fact]
    public void Sha1Hex_KnownInput_IsLowercase40Hex() =>
        Assert.Equal("bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f", CanonicalJson.Sha1Hex("{}"u8));
}
