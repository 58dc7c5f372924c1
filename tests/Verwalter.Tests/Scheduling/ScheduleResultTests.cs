using System.Text;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling;

public sealed class ScheduleResultTests
{
    [Fact]
    public void ToCanonicalData_EmptyArray_IsEmptyObject() =>
        Assert.Equal("{}", Encoding.UTF8.GetString(ScheduleResult.ToCanonicalData("[]"u8)));

    [Fact]
    public void ToCanonicalData_NestedEmptyArray_IsKept() =>
        Assert.Equal("""{"nodes":[]}""", Encoding.UTF8.GetString(ScheduleResult.ToCanonicalData("""{"nodes": []}"""u8)));

    [Theory]
    [InlineData("42", "a number")]
    [InlineData("\"x\"", "a string")]
    [InlineData("null", "null")]
    [InlineData("[1]", "an array")]
    [InlineData("true", "a boolean")]
    public void ToCanonicalData_NotAnObject_IsInvalidResult(string json, string kind)
    {
        var ex = Assert.Throws<SchedulerException>(() => ScheduleResult.ToCanonicalData(Encoding.UTF8.GetBytes(json), "the log"));
        Assert.Equal(SchedulerErrorKind.InvalidResult, ex.Kind);
        Assert.Contains(kind, ex.Message, StringComparison.Ordinal);
        Assert.Equal("the log", ex.Log);
    }

    [Fact]
    public void ToCanonicalData_InvalidJson_IsInvalidResult()
    {
        var ex = Assert.Throws<SchedulerException>(() => ScheduleResult.ToCanonicalData("{\"a\":"u8));
        Assert.Equal(SchedulerErrorKind.InvalidResult, ex.Kind);
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
    }
}
