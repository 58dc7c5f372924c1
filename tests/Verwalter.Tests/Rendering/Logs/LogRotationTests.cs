using System.Text.Json;
using Verwalter.Rendering.Logs;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Rendering.Logs;

public sealed class LogRotationTests : IDisposable
{
    private readonly TempLogDir _dir = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 14, 23, 59, 58, TimeSpan.Zero));

    [Fact]
    public void OpenRole_SegmentAtThreshold_StartsNewSegmentAndMovesLatest()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time, maxSegmentBytes: 200);

        Deploy(writer, "dep-1", role => role.WriteLine(new string('x', 300)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Deploy(writer, "dep-2", role => role.WriteLine("small"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Deploy(writer, "dep-3", role => role.WriteLine("small again"));

        Assert.Equal("log.20260314235959.txt", _dir.LinkTarget("web/latest"));
        Assert.Equal(
            ["latest", "log.20260314235958.txt", "log.20260314235959.txt"],
            Directory.GetFileSystemEntries(_dir.PathOf("web")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("dep-2", _dir.Read("web/latest"), StringComparison.Ordinal);
        Assert.Contains("dep-3", _dir.Read("web/latest"), StringComparison.Ordinal);
        Assert.DoesNotContain("dep-2", _dir.Read("web/log.20260314235958.txt"), StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.PathOf("web/latest.tmp")));
    }

    [Fact]
    public void Begin_GlobalSegmentAtThreshold_RotatesAndPointsIndexAtNewSegment()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time, maxSegmentBytes: 100);

        Deploy(writer, "dep-1", _ => { });
        _time.Advance(TimeSpan.FromSeconds(5));
        Deploy(writer, "dep-2", _ => { });

        var last = JsonDocument.Parse(_dir.Lines(".index/latest")[^1]).RootElement;
        Assert.Equal("20260315000003", last[2].GetProperty("fields")[0].GetString());
        Assert.Equal("log.20260315000003.txt", _dir.LinkTarget(".global/latest"));
    }

    [Fact]
    public void Begin_AfterUtcMidnight_SwitchesIndexFileAndLatest()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);

        Deploy(writer, "dep-1", _ => { });
        _time.Advance(TimeSpan.FromSeconds(3));
        Deploy(writer, "dep-2", _ => { });

        Assert.Equal("index.20260315.json", _dir.LinkTarget(".index/latest"));
        Assert.All(_dir.Lines(".index/index.20260314.json"), line => Assert.Contains("\"dep-1\"", line, StringComparison.Ordinal));
        Assert.All(_dir.Lines(".index/index.20260315.json"), line => Assert.Contains("\"dep-2\"", line, StringComparison.Ordinal));
        Assert.True(new FileInfo(_dir.PathOf(".index/latest")).LinkTarget is not null);
    }

    [Fact]
    public void Roles_WrittenInParallel_IndexLinesStayWholeAndRoleLogsUnmixed()
    {
        const int roles = 8;
        const int lines = 200;
        var writer = new DeploymentLogWriter(_dir.Root, _time);

        using (var deployment = writer.Begin("dep-p", "hash", [], null, hashChanged: false))
        {
            Parallel.For(0, roles, new ParallelOptions { MaxDegreeOfParallelism = roles }, i =>
            {
                using var role = deployment.OpenRole($"role{i}");
                for (var n = 0; n < lines; n++)
                {
                    role.ActionStart($"unit{n}");
                    role.WriteLine($"role{i} line {n}");
                }
            });
            deployment.Finish();
        }

        var index = _dir.Lines(".index/latest");
        Assert.Equal(2 + (roles * (lines + 2)), index.Length);
        foreach (var line in index)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Equal("dep-p", entry.RootElement[1].GetString());
        }

        for (var i = 0; i < roles; i++)
        {
            var text = _dir.Lines($"role{i}/latest");
            Assert.Equal(2 + (2 * lines), text.Length);
            Assert.All(text.Where(l => !l.Contains("------------", StringComparison.Ordinal)), l => Assert.StartsWith($"role{i} line ", l, StringComparison.Ordinal));
        }
    }

    private static void Deploy(DeploymentLogWriter writer, string id, Action<RoleLog> body)
    {
        using var deployment = writer.Begin(id, "hash", [], null, hashChanged: false);
        using (var role = deployment.OpenRole("web"))
        {
            body(role);
        }

        deployment.Finish();
    }

    public void Dispose() => _dir.Dispose();
}
