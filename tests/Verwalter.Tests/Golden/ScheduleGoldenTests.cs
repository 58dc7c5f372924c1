using System.Text;
using Verwalter.Configuration;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Golden;

/// <summary>
/// Every <c>runtime-examples/&lt;example&gt;/golden/&lt;case&gt;/</c>: the example's config tree plus
/// <c>input.json</c> (input fields that override the defaults) must give exactly <c>expected.json</c>
/// (compared in canonical form). The expected files were produced by the stock lua5.4 interpreter.
/// </summary>
public sealed class ScheduleGoldenTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in Directory.EnumerateDirectories(RepositoryPaths.Examples).Order(StringComparer.Ordinal))
        {
            var golden = Path.Combine(example, "golden");
            if (!Directory.Exists(golden))
            {
                continue;
            }

            foreach (var @case in Directory.EnumerateDirectories(golden).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(example), Path.GetFileName(@case));
            }
        }

        return data;
    }

    [Fact]
    public void Cases_ExamplesHaveGoldenCases_AtLeastSix() => Assert.True(Cases().Count >= 6, $"only {Cases().Count} golden cases found");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_GoldenCase_MatchesExpected(string example, string @case)
    {
        var exampleDir = Path.Combine(RepositoryPaths.Examples, example);
        var caseDir = Path.Combine(exampleDir, "golden", @case);
        var snapshot = ConfigController.Load(exampleDir, null, new SchedulerLimits(), DateTimeOffset.UnixEpoch);
        Assert.Empty(snapshot.RuntimeProblems);
        Assert.Empty(snapshot.SchedulerProblems);

        var input = new SchedulerInput(1_767_225_600_000, "alpha", "0123456789abcdef0123456789abcdef")
            .With("runtime", snapshot.RuntimeJson)
            .Override(File.ReadAllBytes(Path.Combine(caseDir, "input.json")))
            .ToJson();
        using var engine = LuaScheduler.Load(snapshot.Scheduler!, new SchedulerLimits());
        var output = engine.Run(input);
        var actual = ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log);
        var expected = CanonicalJson.Canonicalize(File.ReadAllBytes(Path.Combine(caseDir, "expected.json")));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }
}
