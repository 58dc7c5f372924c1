using System.Text;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling;

public sealed class ScheduleTests
{
    private const string Origin = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_OwnOutput_RoundTrips()
    {
        var schedule = Schedule.Create(1234, Origin, 7, CanonicalJson.Canonicalize("""{"b":1,"a":[true]}"""u8));
        foreach (var indented in new[] { false, true })
        {
            var parsed = Schedule.Parse(schedule.ToJson(indented));
            Assert.Equal(schedule.Hash, parsed.Hash);
            Assert.Equal(7, parsed.Epoch);
            Assert.Equal(1234, parsed.Timestamp);
            Assert.Equal(schedule.Data, parsed.Data);
        }
    }

    [Fact]
    public void Parse_OriginalEnvelopeWithoutEpoch_LoadsAsEpochZero()
    {
        var hash = CanonicalJson.Sha1Hex("""{"x":1}"""u8);
        var json = $$"""{"timestamp": 5, "hash": "{{hash}}", "data": {"x": 1}, "origin": "{{Origin}}"}""";
        Assert.Equal(0, Schedule.Parse(Encoding.UTF8.GetBytes(json)).Epoch);
    }

    [Theory]
    [InlineData("""{"timestamp": 5, "hash": "00", "data": {"x": 1}, "origin": "ab"}""", "hash mismatch")]
    [InlineData("""{"hash": "00", "data": {}, "origin": "ab"}""", "'timestamp' is missing")]
    [InlineData("""{"timestamp": -1, "hash": "00", "data": {}, "origin": "ab"}""", "non-negative")]
    [InlineData("""{"timestamp": 1, "hash": "00", "data": {}, "origin": "xyz"}""", "not a hex node id")]
    [InlineData("""{"timestamp": 1, "hash": "00", "origin": "ab"}""", "'data' is missing")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"timestamp": 1""", "not valid JSON")]
    public void Parse_BadEnvelope_IsRejectedWithReason(string json, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Schedule.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReorderedAndSpacedData_HashStillMatches()
    {
        var schedule = Schedule.Create(1, Origin, 1, CanonicalJson.Canonicalize("""{"a":1,"b":{"c":2.5}}"""u8));
        var json = $$"""{"data": { "b": {"c": 2.50}, "a": 1 }, "origin": "{{Origin}}", "hash": "{{schedule.Hash}}", "timestamp": 1}""";
        Assert.Equal(schedule.Hash, Schedule.Parse(Encoding.UTF8.GetBytes(json)).Hash);
    }
}
