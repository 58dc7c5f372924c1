using System.Text;
using System.Text.Json;
using Verwalter.Rendering.Logs;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Rendering.Logs;

public sealed class DeploymentLogWriterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private const string Hash = "0123456789abcdef0123";
    private readonly TempLogDir _dir = new();
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public void FullDeployment_TwoRolesActionsExternalChanges_WritesExactIndexInOrder()
    {
        RunDeployment(new DeploymentLogWriter(_dir.Root, _time));

        Assert.Equal(
            [
                """["2026-03-14T12:00:00Z","dep-1",{"variant":"Global","fields":["20260314120000",0]},"DeploymentStart"]""",
                """["2026-03-14T12:00:00Z","dep-1",{"variant":"Changes","fields":["20260314120000",0]},"DeploymentChanges"]""",
                """["2026-03-14T12:00:01Z","dep-1",{"variant":"Role","fields":["alpha","20260314120001",0]},"RoleStart"]""",
                """["2026-03-14T12:00:01Z","dep-1",{"variant":"Role","fields":["alpha","20260314120001",98]},{"variant":"ActionStart","fields":["web.render.yaml"]}]""",
                """["2026-03-14T12:00:01Z","dep-1",{"variant":"External","fields":["nginx/access.log",1234]},"ExternalLog"]""",
                """["2026-03-14T12:00:02Z","dep-1",{"variant":"Role","fields":["alpha","20260314120001",240]},{"variant":"ActionFinish","fields":["web.render.yaml"]}]""",
                """["2026-03-14T12:00:02Z","dep-1",{"variant":"Role","fields":["alpha","20260314120001",332]},"RoleFinish"]""",
                """["2026-03-14T12:00:02Z","dep-1",{"variant":"Role","fields":["beta","20260314120002",0]},"RoleStart"]""",
                """["2026-03-14T12:00:02Z","dep-1",{"variant":"Role","fields":["beta","20260314120002",69]},"RoleFinish"]""",
                """["2026-03-14T12:00:03Z","dep-1",{"variant":"Global","fields":["20260314120000",199]},"DeploymentFinish"]""",
            ],
            _dir.Lines(".index/index.20260314.json"));
    }

    [Fact]
    public void FullDeployment_TwoRolesActionsExternalChanges_WritesExactTextLogs()
    {
        RunDeployment(new DeploymentLogWriter(_dir.Root, _time));

        Assert.Equal(
            """
            2026-03-14T12:00:00Z dep-1 ------------ DeploymentStart ----------- 
            schedule-hash: 0123456789abcdef0123
            +++ debug start: "scheduler-debug" +++
            scheduler says hi
            +++ debug end: "scheduler-debug" +++
            2026-03-14T12:00:03Z dep-1 ------------ DeploymentFinish ----------- 

            """,
            _dir.Read(".global/latest"));
        Assert.Equal(
            """
            2026-03-14T12:00:00Z: 01234567: added role alpha
            2026-03-14T12:00:00Z: 01234567: beta: image v2

            """,
            _dir.Read(".changes/latest"));
        Assert.Equal(
            """
            2026-03-14T12:00:01Z dep-1 ------------ alpha: RoleStart ----------- 
            Template variables: {"x":1}
            2026-03-14T12:00:01Z dep-1 ------------ alpha: ActionStart("web.render.yaml") ----------- 
            child output
            File position "nginx/access.log":1234
            2026-03-14T12:00:02Z dep-1 ------------ alpha: ActionFinish("web.render.yaml") ----------- 
            2026-03-14T12:00:02Z dep-1 ------------ alpha: RoleFinish ----------- 

            """,
            _dir.Read("alpha/latest"));
        Assert.Equal("log.20260314120002.txt", _dir.LinkTarget("beta/latest"));
        Assert.Equal("index.20260314.json", _dir.LinkTarget(".index/latest"));
    }

    [Fact]
    public void FullDeployment_IndexOffsets_PointAtTheirMarkerRows()
    {
        RunDeployment(new DeploymentLogWriter(_dir.Root, _time));

        foreach (var line in _dir.Lines(".index/latest"))
        {
            using var entry = JsonDocument.Parse(line);
            var pointer = entry.RootElement[2];
            var fields = pointer.GetProperty("fields");
            var marker = entry.RootElement[3];
            var markerText = marker.ValueKind == JsonValueKind.String
                ? marker.GetString()
                : $"{marker.GetProperty("variant").GetString()}(\"{marker.GetProperty("fields")[0].GetString()}\")";
            switch (pointer.GetProperty("variant").GetString())
            {
                case "Global":
                    Assert.StartsWith(
                        $"{entry.RootElement[0].GetString()} dep-1 ------------ {markerText} ----------- \n",
                        _dir.ReadFrom($".global/log.{fields[0].GetString()}.txt", fields[1].GetInt64()),
                        StringComparison.Ordinal);
                    break;
                case "Changes":
                    Assert.StartsWith("2026-03-14T12:00:00Z: 01234567: added role alpha\n", _dir.ReadFrom($".changes/log.{fields[0].GetString()}.txt", fields[1].GetInt64()), StringComparison.Ordinal);
                    break;
                case "Role":
                    var role = fields[0].GetString();
                    Assert.StartsWith(
                        $"{entry.RootElement[0].GetString()} dep-1 ------------ {role}: {markerText} ----------- \n",
                        _dir.ReadFrom($"{role}/log.{fields[1].GetString()}.txt", fields[2].GetInt64()),
                        StringComparison.Ordinal);
                    break;
                default:
                    Assert.Equal("External", pointer.GetProperty("variant").GetString());
                    break;
            }
        }
    }

    [Fact]
    public void Begin_HashUnchanged_WritesNoChangesAndNoSchedulerLog()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);

        using (var deployment = writer.Begin("dep-2", Hash, ["ignored"], "debug", hashChanged: false))
        {
            deployment.Finish();
        }

        Assert.Equal(2, _dir.Lines(".index/latest").Length);
        Assert.DoesNotContain("debug start", _dir.Read(".global/latest"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.PathOf(".changes")));
    }

    [Fact]
    public void Fail_WritesDeploymentErrorThenReason()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);

        using (var deployment = writer.Begin("dep-3", Hash, [], null, hashChanged: true))
        {
            deployment.Fail("can't write /tmp/verwalter/vars-for-render.json");
            deployment.Finish();
        }

        Assert.EndsWith("\"DeploymentError\"]", _dir.Lines(".index/latest")[^1], StringComparison.Ordinal);
        Assert.EndsWith(
            "dep-3 ------------ DeploymentError ----------- \nDeployment error: can't write /tmp/verwalter/vars-for-render.json\n",
            _dir.Read(".global/latest"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WithoutFinish_EndsWithDeploymentError()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);

        writer.Begin("dep-4", Hash, [], null, hashChanged: true).Dispose();

        Assert.EndsWith("\"DeploymentError\"]", _dir.Lines(".index/latest")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_RoleStillOpen_FinishesRoleFirst()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);
        var deployment = writer.Begin("dep-7", Hash, [], null, hashChanged: false);
        var role = deployment.OpenRole("alpha");

        deployment.Finish();
        role.Dispose();

        var markers = _dir.Lines(".index/latest").Select(l => JsonDocument.Parse(l).RootElement[3].GetString());
        Assert.Equal(["DeploymentStart", "RoleStart", "RoleFinish", "DeploymentFinish"], markers);
        Assert.Throws<ObjectDisposedException>(() => role.WriteLine("late"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".index")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    public void OpenRole_UnsafeName_Throws(string role)
    {
        using var deployment = new DeploymentLogWriter(_dir.Root, _time).Begin("dep-5", Hash, [], null, hashChanged: false);

        Assert.Throws<ArgumentException>(() => deployment.OpenRole(role));
    }

    [Fact]
    public void DryRun_WritesEverythingToTheWriter_SegmentDryRunOffsetsZero()
    {
        var output = new StringWriter();
        var writer = new DeploymentLogWriter(output, _time);

        using (var deployment = writer.Begin("dep-6", Hash, ["one change"], null, hashChanged: true))
        {
            using (var role = deployment.OpenRole("alpha"))
            {
                role.Write("héllo\n"u8);
            }

            deployment.Finish();
        }

        var text = output.ToString();
        Assert.Contains("""["2026-03-14T12:00:00Z","dep-6",{"variant":"Global","fields":["dry-run",0]},"DeploymentStart"]""", text, StringComparison.Ordinal);
        Assert.Contains("""{"variant":"Role","fields":["alpha","dry-run",0]},"RoleFinish"]""", text, StringComparison.Ordinal);
        Assert.Contains("2026-03-14T12:00:00Z: 01234567: one change\n", text, StringComparison.Ordinal);
        Assert.Contains("héllo\n", text, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Root));
    }

    private void RunDeployment(DeploymentLogWriter writer)
    {
        using var deployment = writer.Begin("dep-1", Hash, ["added role alpha", "beta: image v2"], "scheduler says hi", hashChanged: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        using (var alpha = deployment.OpenRole("alpha"))
        {
            alpha.WriteLine("Template variables: {\"x\":1}");
            alpha.ActionStart("web.render.yaml");
            alpha.Write(Encoding.UTF8.GetBytes("child output\n"));
            alpha.ExternalLog("nginx/access.log", 1234);
            _time.Advance(TimeSpan.FromSeconds(1));
            alpha.ActionFinish("web.render.yaml");
        }

        using (deployment.OpenRole("beta"))
        {
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        deployment.Finish();
    }

    public void Dispose() => _dir.Dispose();
}
