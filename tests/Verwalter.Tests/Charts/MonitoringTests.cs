using System.Globalization;
using System.Text;

namespace Verwalter.Tests.Charts;

/// <summary>The alert rules and the dashboard's queries pass the real promtool.</summary>
public sealed class MonitoringTests : IDisposable
{
    private const string Promtool = "/usr/bin/promtool";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("verwalter-monitoring-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Rules_PromtoolCheckRules_Succeeds()
    {
        ToolRun.Require(Promtool, "prometheus");

        var run = await ToolRun.RunAsync(Promtool, ["check", "rules", MonitoringFiles.RulesPath], TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"SUCCESS: {MonitoringFiles.RuleExpressions().Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_CoverTheAlertsOperatorsAskFor()
    {
        var alerts = MonitoringFiles.RuleExpressions().ToDictionary(r => r.Alert, r => r.Expr);

        Assert.Contains("verwalter_leadership_is_leader", alerts["VerwalterNoLeader"], StringComparison.Ordinal);
        Assert.Contains("verwalter_scheduler_runs_total", alerts["VerwalterScheduleStale"], StringComparison.Ordinal);
        Assert.Contains("verwalter_scheduler_runs_total", alerts["VerwalterSchedulerFailing"], StringComparison.Ordinal);
        Assert.Contains("verwalter_roles_failing", alerts["VerwalterRolesFailing"], StringComparison.Ordinal);
        Assert.Contains("verwalter_supervisor_failures_total", alerts["VerwalterProcessCrashLooping"], StringComparison.Ordinal);
        Assert.Contains("verwalter_cluster_packets_dropped_total", alerts["VerwalterPacketsRejected"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_EveryQuery_IsPromQLThatPromtoolAccepts()
    {
        ToolRun.Require(Promtool, "prometheus");
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var expressions = MonitoringFiles.DashboardExpressions();
        for (var i = 0; i < expressions.Count; i++)
        {
            var promql = MonitoringFiles.AsPromQL(expressions[i].Expr).Replace("'", "''", StringComparison.Ordinal);
            rules.Append(CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: '{promql}'\n");
        }

        var file = Path.Combine(_temp.FullName, "dashboard-queries.yaml");
        File.WriteAllText(file, rules.ToString());

        var run = await ToolRun.RunAsync(Promtool, ["check", "rules", file], TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Output + "\n" + rules);
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_Panels_ShowLeadershipScheduleLoopsRolesAndNetwork()
    {
        var dashboard = MonitoringFiles.Dashboard();
        var panels = dashboard["panels"]!.AsArray().Where(p => (string?)p!["type"] != "row").ToList();
        var queries = MonitoringFiles.DashboardExpressions();
        bool Shows(string metric) => queries.Any(q => MonitoringFiles.MetricNames(q.Expr).Contains(metric));

        Assert.True(panels.Count >= 6, $"{panels.Count} panels");
        Assert.Equal("verwalter", (string?)dashboard["uid"]);
        Assert.Equal(panels.Count, panels.Select(p => (int)p!["id"]!).Distinct().Count());
        Assert.All(panels, p => Assert.NotEmpty(p!["targets"]!.AsArray()));
        foreach (var metric in new[]
        {
            "verwalter_leadership_is_leader", "verwalter_leadership_epoch", "verwalter_schedule_changes_total",
            "verwalter_scheduler_runs_total", "verwalter_scheduler_duration_seconds_bucket", "verwalter_reconcile_errors_total",
            "verwalter_roles_failing", "verwalter_peers", "verwalter_cluster_packets_dropped_total",
        })
        {
            Assert.True(Shows(metric), $"no dashboard query reads {metric}");
        }
    }
}
