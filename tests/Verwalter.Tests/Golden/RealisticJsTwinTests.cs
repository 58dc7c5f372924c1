using System.Buffers;
using System.Text;
using System.Text.Json;
using Verwalter.Configuration;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Golden;

/// <summary>
/// <c>runtime-examples/realistic-js</c> (the realistic scheduler written in JavaScript) against
/// <c>runtime-examples/realistic</c> (Lua): both trees go through the path <c>verwalter schedule</c>
/// takes (<see cref="ConfigController.Load"/>, <see cref="SchedulerEngines.Load"/>, the real Lua
/// and Jint engines, <see cref="ScheduleResult.ToCanonicalData"/>) on the same inputs, and must
/// give the same canonical data. JavaScript has one number type, so a float with an integral value
/// (<c>cpu: 2.0</c>) comes out of the JS scheduler as <c>2</c>; that is the only difference allowed,
/// and the test checks that it is the only one.
/// </summary>
public sealed class RealisticJsTwinTests
{
    private const long T0 = 1_767_225_600_000;

    public static TheoryData<string> Inputs() => [.. CaseNames()];

    private static List<string> CaseNames() =>
    [
        "default-one-node",
        .. Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Examples, "realistic", "golden")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Inputs_CoverPeersAndParents()
    {
        var names = CaseNames();
        Assert.Contains("default-one-node", names);
        Assert.Contains("three-peers-fresh", names);
        Assert.Contains("with-parent-stable", names);
        Assert.Contains("split-brain-parents", names);
    }

    [Fact]
    public void Tree_JsTwinHasJsEntryAndSameRuntime()
    {
        var lua = ConfigController.Load(Path.Combine(RepositoryPaths.Examples, "realistic"), null, new SchedulerLimits(), DateTimeOffset.UnixEpoch);
        var js = ConfigController.Load(Path.Combine(RepositoryPaths.Examples, "realistic-js"), null, new SchedulerLimits(), DateTimeOffset.UnixEpoch);
        Assert.Empty(js.RuntimeProblems);
        Assert.Empty(js.SchedulerProblems);
        Assert.Equal("main.js", SchedulerEngines.EntryFileOf(js.Scheduler!));
        Assert.Equal("main.lua", SchedulerEngines.EntryFileOf(lua.Scheduler!));
        Assert.Equal(Encoding.UTF8.GetString(CanonicalJson.Canonicalize(lua.RuntimeJson)), Encoding.UTF8.GetString(CanonicalJson.Canonicalize(js.RuntimeJson)));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Schedule_JsAndLua_GiveSameCanonicalData(string @case)
    {
        var (luaData, luaLog) = Run("realistic", @case);
        var (jsData, jsLog) = Run("realistic-js", @case);
        var lua = Encoding.UTF8.GetString(luaData);
        var js = Encoding.UTF8.GetString(jsData);

        // The JS text has no integral floats; the Lua text, written with every integral float as an integer, is the JS text.
        Assert.Equal(js, Encoding.UTF8.GetString(IntegralFloatsAsIntegers(jsData)));
        Assert.Equal(Encoding.UTF8.GetString(IntegralFloatsAsIntegers(luaData)), js);
        Assert.Contains("\"changes\":", js, StringComparison.Ordinal);
        Assert.Equal(Changes(luaData), Changes(jsData));
        Assert.Equal(LogLines(luaLog, "CHANGE: "), LogLines(jsLog, "CHANGE: "));
        Assert.Equal(lua.Length - CountIntegralFloats(lua) * 2, js.Length);
    }

    [Fact]
    public void Schedule_ThreePeersFresh_JsPlacesAsLuaGolden()
    {
        var (jsData, _) = Run("realistic-js", "three-peers-fresh");
        var expected = CanonicalJson.Canonicalize(File.ReadAllBytes(Path.Combine(RepositoryPaths.Examples, "realistic", "golden", "three-peers-fresh", "expected.json")));
        Assert.Equal(Encoding.UTF8.GetString(IntegralFloatsAsIntegers(expected)), Encoding.UTF8.GetString(jsData));
    }

    private static (byte[] Data, string Log) Run(string example, string @case)
    {
        var dir = Path.Combine(RepositoryPaths.Examples, example);
        var limits = new SchedulingOptions().ToLimits();
        var snapshot = ConfigController.Load(dir, null, limits, DateTimeOffset.UnixEpoch);
        Assert.Empty(snapshot.SchedulerProblems);
        var input = new SchedulerInput(T0, "alpha", "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1").With("runtime", snapshot.RuntimeJson);
        if (@case != "default-one-node")
        {
            input.Override(File.ReadAllBytes(Path.Combine(RepositoryPaths.Examples, "realistic", "golden", @case, "input.json")));
        }

        using var engine = SchedulerEngines.Load(snapshot.Scheduler!, limits);
        var output = engine.Run(input.ToJson());
        return (ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log), output.Log);
    }

    /// <summary>Numbers such as <c>2.0</c> (a digit, ".0", then a JSON delimiter) in canonical text.</summary>
    private static int CountIntegralFloats(string canonical) =>
        System.Text.RegularExpressions.Regex.Count(canonical, @"(?<=[:\[,]-?\d+)\.0(?=[,}\]])");

    private static List<string> Changes(byte[] data)
    {
        using var doc = JsonDocument.Parse(data);
        return [.. doc.RootElement.GetProperty("changes").EnumerateArray().Select(e => e.GetString()!)];
    }

    private static List<string> LogLines(string log, string prefix) =>
        [.. log.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>The canonical form of <paramref name="canonical"/> with every number of integral value written as an integer.</summary>
    private static byte[] IntegralFloatsAsIntegers(byte[] canonical)
    {
        using var doc = JsonDocument.Parse(canonical);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, doc.RootElement);
        }

        return CanonicalJson.Canonicalize(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number when !element.TryGetInt64(out _) && element.GetDouble() is var d && d == Math.Floor(d) && Math.Abs(d) < 1e15:
                writer.WriteNumberValue((long)d);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
