using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Configuration;

public sealed class ConfigControllerTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-config-");
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotPublisher<ConfigSnapshot> _published = new();

    public ConfigControllerTests()
    {
        Write("scheduler/v1/main.lua", "return { scheduler = function(i) return {} end }");
        Write("runtime/web/v1.yaml", "image: web\n");
    }

    private ConfigController Controller() => new(
        Options.Create(new ConfigOptions { ConfigDir = _dir.FullName, Debounce = Debounce }),
        Options.Create(new SchedulingOptions()),
        _published,
        new SchedulerMetrics(TestSources.MeterFactory()),
        _time,
        NullLogger<ConfigController>.Instance);

    [Fact]
    public async Task Reconcile_BurstOfChanges_ReloadsOnceAfterQuietPeriod()
    {
        var controller = Controller();
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
        Assert.Equal(1, _published.Current!.Version);

        Write("runtime/web/v2.yaml", "image: web2\n");
        controller.NoteChange();
        Assert.Equal(Debounce, (await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None)).RequeueAfter);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Write("runtime/web/v3.yaml", "image: web3\n");
        controller.NoteChange();
        Assert.Equal(Debounce, (await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None)).RequeueAfter);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(50), (await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None)).RequeueAfter);
        Assert.Equal(1, _published.Current!.Version);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Null((await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None)).RequeueAfter);
        Assert.Equal(2, _published.Current!.Version);
        Assert.Contains("web3", Encoding.UTF8.GetString(_published.Current.Value.RuntimeJson), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_EndlessBurstEvery50Ms_ReloadsAtLeastEveryMaxWait()
    {
        var controller = Controller();
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
        var reloadsAt = new List<TimeSpan>();
        var started = _time.GetTimestamp();
        for (var i = 0; i < 60; i++)
        {
            Write("runtime/web/v2.yaml", $"image: web{i}\n");
            controller.NoteChange();
            var before = _published.Current!.Version;
            await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
            if (_published.Current!.Version != before)
            {
                reloadsAt.Add(_time.GetElapsedTime(started));
            }

            _time.Advance(TimeSpan.FromMilliseconds(50));

            // The wall clock jumps back and forth meanwhile; only the monotonic clock counts.
            _time.JumpWallClock(TimeSpan.FromHours(i % 2 == 0 ? -1 : 1));
        }

        // 3 s of edits every 50 ms (never 150 ms quiet): a reload at least every 500 ms.
        Assert.InRange(reloadsAt.Count, 5, 7);
        Assert.All(reloadsAt.Zip(reloadsAt.Skip(1)), p => Assert.InRange(p.Second - p.First, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(550)));
        Assert.Contains("web", Encoding.UTF8.GetString(_published.Current!.Value.RuntimeJson), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_NothingChanged_PublishesNothing()
    {
        var controller = Controller();
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
        Assert.Equal(1, _published.Current!.Version);
    }

    [Fact]
    public async Task Reconcile_SchedulerStopsLoading_KeepsLastGoodAndReportsFileAndLine()
    {
        var controller = Controller();
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);
        var good = _published.Current!.Value.Scheduler!;

        Write("scheduler/v1/main.lua", "return {\n  scheduler = function(i)\n    return {\n  end\n}\n");
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);

        var snapshot = _published.Current!.Value;
        Assert.Same(good, snapshot.Scheduler);
        Assert.Contains(snapshot.SchedulerProblems, p => p.ToString().Contains("main.lua:4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_BrokenRuntimeFile_ReportsItAndLoadsTheRest()
    {
        Write("runtime/web/broken.yaml", "a: [1,\n");
        var controller = Controller();
        await controller.ReconcileAsync(ConfigController.Key, CancellationToken.None);

        var snapshot = _published.Current!.Value;
        var problem = Assert.Single(snapshot.RuntimeProblems);
        Assert.Equal("runtime/web/broken.yaml", problem.Path);
        Assert.NotNull(problem.Line);
        Assert.Contains("\"v1\"", Encoding.UTF8.GetString(snapshot.RuntimeJson), StringComparison.Ordinal);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
