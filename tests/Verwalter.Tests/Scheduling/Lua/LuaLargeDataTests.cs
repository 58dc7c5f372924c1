using System.Text;
using System.Text.Json;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

/// <summary>
/// Conversions at sizes past the engine's internal batches (tables created once their size is known,
/// entries collected per table, buffers reused across runs), and the collector around a run.
/// </summary>
public sealed class LuaLargeDataTests
{
    private static readonly int Big = (3 * LuaJsonPusher.MaxPending) + 7;

    [Fact]
    public void Run_LargeObjectsAndArrays_EveryMemberArrives()
    {
        var input = new StringBuilder("""{"now": 1, "big": {""");
        for (var k = 0; k < Big; k++)
        {
            input.Append(k == 0 ? "" : ",").Append($"\"k{k}\": {k}");
        }

        // A key repeated after the first batch, and one repeated within it: the last value wins.
        input.Append(""", "k5": "late", "k1": "early"}, "arr": [""");
        for (var k = 1; k <= Big; k++)
        {
            input.Append(k == 1 ? "" : ",").Append(k % 100 == 0 ? "null" : k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        input.Append("""], "dup": {"a": 1, "b": 2, "a": 3}}""");
        using var scheduler = LuaTestSources.LoadBody($$"""
            local n, sum = 0, 0
            for k, v in pairs(i.big) do n = n + 1 if math.type(v) == "integer" then sum = sum + v end end
            local present, asum = 0, 0
            for k, v in pairs(i.arr) do present = present + 1 asum = asum + v end
            return { n = n, sum = sum, k5 = i.big.k5, k1 = i.big.k1, last = i.big.k{{Big - 1}},
                     present = present, asum = asum, hole = i.arr[100] == nil, tail = i.arr[{{Big}}], dup = i.dup.a, b = i.dup.b }
            """);

        var result = scheduler.Run(input.ToString()).Parse();

        var integers = Enumerable.Range(0, Big).Where(k => k is not 1 and not 5).Sum(k => (long)k);
        var elements = Enumerable.Range(1, Big).Where(k => k % 100 != 0).ToList();
        Assert.Equal(Big, result.GetProperty("n").GetInt32());
        Assert.Equal(integers, result.GetProperty("sum").GetInt64());
        Assert.Equal("late", result.GetProperty("k5").GetString());
        Assert.Equal("early", result.GetProperty("k1").GetString());
        Assert.Equal(Big - 1, result.GetProperty("last").GetInt32());
        Assert.Equal(elements.Count, result.GetProperty("present").GetInt32());
        Assert.Equal(elements.Sum(k => (long)k), result.GetProperty("asum").GetInt64());
        Assert.True(result.GetProperty("hole").GetBoolean());
        Assert.Equal(Big, result.GetProperty("tail").GetInt32());
        Assert.Equal(3, result.GetProperty("dup").GetInt32());
        Assert.Equal(2, result.GetProperty("b").GetInt32());
    }

    [Fact]
    public void Run_LargeInput_RoundTripsUnchanged()
    {
        var input = new StringBuilder("""{"now": 1, "peers": {""");
        for (var k = 0; k < Big; k++)
        {
            input.Append(k == 0 ? "" : ",").Append($$"""
                "p{{k:D5}}": {"addr": "10.0.{{k / 256}}.{{k % 256}}", "f": {{k}}.5, "n": {{k}}, "ok": {{(k % 2 == 0 ? "true" : "false")}}, "tags": ["a", "b{{k}}"]}
                """);
        }

        input.Append("}}");
        using var scheduler = LuaTestSources.LoadBody("return i.peers");

        var json = scheduler.Run(input.ToString()).Json();

        using var expected = JsonDocument.Parse(input.ToString());
        Assert.Equal(expected.RootElement.GetProperty("peers").GetRawText().Replace(" ", "", StringComparison.Ordinal), json);
    }

    [Fact]
    public void Run_ResultKeys_SortedByUtf8Bytes()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            return { z = 1, ["é"] = 2, a = 3, B = 4, [10] = 5, [9] = 6, [100] = 7, ["a b"] = 8, [""] = 9 }
            """);

        Assert.Equal("""{"":9,"10":5,"100":7,"9":6,"B":4,"a":3,"a b":8,"z":1,"é":2}""", scheduler.Run().Json());
    }

    [Fact]
    public void Run_ManyKeysInRandomOrder_SortedAndSameBytesEveryRun()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local t, nested = {}, {}
            for k = 1, 300 do
              local name = string.format("%x", (k * 7919) % 1009) .. "-" .. k
              t[name] = { k = k, list = { k, k + 0.5, name }, sub = { ["z" .. k] = true, ["a" .. k] = false } }
            end
            for k = 1, 40 do nested[k * 3] = k end
            t.mixed = nested
            return t
            """);

        var first = scheduler.Run().ScheduleJson;
        var second = scheduler.Run().ScheduleJson;

        Assert.Equal(first, second);
        using var document = JsonDocument.Parse(first);
        AssertSorted(document.RootElement);
        Assert.Equal(301, document.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Run_ArrayFilledBackwards_WrittenInIndexOrder()
    {
        using var scheduler = LuaTestSources.LoadBody("local t = {} for k = 40, 1, -1 do t[k] = { k } end return t");

        var expected = "[" + string.Join(",", Enumerable.Range(1, 40).Select(k => $"[{k}]")) + "]";
        Assert.Equal(expected, scheduler.Run().Json());
    }

    [Fact]
    public void Run_ManyTableValues_AllWritten()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local t = {}
            for k = 1, 5000 do t["n" .. k] = { v = k, inner = { k } } end
            return t
            """);

        using var document = JsonDocument.Parse(scheduler.Run().ScheduleJson);

        var values = document.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("v").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 5000), values);
    }

    [Fact]
    public void Run_EncodeInsideRunAndTableResult_SameJson()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local t = {}
            for k = 1, 2000 do t["k" .. k] = { k, tostring(k) } end
            return { encoded = json.encode(t), table = t }
            """);

        using var document = JsonDocument.Parse(scheduler.Run().ScheduleJson);

        Assert.Equal(document.RootElement.GetProperty("table").GetRawText(), document.RootElement.GetProperty("encoded").GetString());
    }

    [Theory]
    [InlineData("return { [5] = { x = print }, y = 1 }", "(at 5.x)")]
    [InlineData("return { a = { {}, { x = print } }, b = {} }", "(at a[2].x)")]
    [InlineData("local t = {} for k = 1, 50 do t['k' .. k] = { k } end t.k33[2] = print return t", "(at k33[2])")]
    public void Run_BadValueDeepInLargeResult_PathNamesIt(string body, string expected)
    {
        using var scheduler = LuaTestSources.LoadBody(body);

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.InvalidResult, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LargeInput_CollectorRunningInScriptAndCollectedAfterRun()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local before = collectgarbage("count")
            local keep = {}
            if i.garbage then for k = 1, 100000 do keep[k] = { k } end end
            return { running = collectgarbage("isrunning"), before = before }
            """);
        var input = LargeInput(1000, garbage: true);

        var first = scheduler.Run(input).Parse();
        var second = scheduler.Run(LargeInput(1000, garbage: false)).Parse();

        Assert.True(first.GetProperty("running").GetBoolean());
        Assert.True(second.GetProperty("running").GetBoolean());

        // What the first run kept alive to its end (about 7 MB of tables) was collected after it: the
        // second run starts with its own input (about 1 MB) and the loaded scheduler only.
        Assert.InRange(second.GetProperty("before").GetDouble(), 1, 4 * 1024);
    }

    [Fact]
    public void Run_InputHeldByState_CountsTowardMemoryCap()
    {
        // About 5 MB of distinct strings in the input, pushed before the cap is armed.
        var limits = new SchedulerLimits { MemoryBytes = 12L * 1024 * 1024 };
        using var scheduler = LuaTestSources.LoadBody(
            "local t = {} for k = 1, 8000 do t[k] = string.rep('x', 1000) .. k end return { n = #t }", limits);

        Assert.Equal(8000, scheduler.Run().Parse().GetProperty("n").GetInt32());

        var error = scheduler.RunFails(LargeInput(5000, garbage: false));
        Assert.Equal(SchedulerErrorKind.Memory, error.Kind);

        Assert.Equal(8000, scheduler.Run().Parse().GetProperty("n").GetInt32());
    }

    [Fact]
    public void NativeAllocator_FoundOnLinux()
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.NotEqual(IntPtr.Zero, LuaNativeCallbacks.NativeAllocator);
        }
    }

    /// <summary>An input with <paramref name="strings"/> distinct strings of 1000 bytes.</summary>
    private static string LargeInput(int strings, bool garbage)
    {
        var input = new StringBuilder($$"""{"now": 1, "garbage": {{(garbage ? "true" : "false")}}, "blobs": [""");
        for (var k = 0; k < strings; k++)
        {
            input.Append(k == 0 ? "\"" : ",\"").Append(k.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append('y', 992).Append('"');
        }

        return input.Append("]}").ToString();
    }

    private static void AssertSorted(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                byte[]? previous = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = Encoding.UTF8.GetBytes(property.Name);
                    Assert.True(previous is null || previous.AsSpan().SequenceCompareTo(name) < 0, $"'{property.Name}' out of order");
                    previous = name;
                    AssertSorted(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertSorted(item);
                }

                break;
        }
    }
}
