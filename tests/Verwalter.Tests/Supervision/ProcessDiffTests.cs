using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class ProcessDiffTests : IDisposable
{
    private readonly LithosFixture _tree = new LithosFixture().WithSandbox("s");
    private readonly ProcessDiff _diff = new(NullLogger<ProcessDiff>.Instance);
    private readonly Dictionary<InstanceKey, ActualInstance> _actual = [];

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Compute_NothingRunning_StartsEveryInstance()
    {
        var plan = Apply(LithosFixture.Web(3));

        Assert.Equal(["s/web.0", "s/web.1", "s/web.2"], plan.Start.Select(i => i.Key.ToString()));
        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Restart);
    }

    [Fact]
    public void Compute_Scale2To3To1_StartsNewIndexThenStopsHighest()
    {
        Apply(LithosFixture.Web(2));

        var up = Apply(LithosFixture.Web(3));
        Assert.Equal(["s/web.2"], up.Start.Select(i => i.Key.ToString()));
        Assert.Equal(["s/web.0", "s/web.1"], up.Keep.Select(k => k.ToString()));
        Assert.Empty(up.Restart);

        var down = Apply(LithosFixture.Web(1));
        Assert.Equal(["s/web.1", "s/web.2"], down.Stop.Select(k => k.ToString()));
        Assert.Equal(["s/web.0"], down.Keep.Select(k => k.ToString()));
        Assert.Empty(down.Start);
        Assert.Empty(down.Restart);
    }

    [Fact]
    public void Compute_OneProcessVariablesChanged_RestartsOnlyIt()
    {
        const string Worker = "\nworker: {image: app/v1, config: /config.yaml, variables: {port: \"8500\", mode: prod}}";
        Apply(LithosFixture.Web(2) + Worker);

        var plan = Apply(LithosFixture.Web(2, mode: "dev") + Worker);

        Assert.Equal(["s/web.0", "s/web.1"], plan.Restart.Select(i => i.Key.ToString()));
        Assert.Equal(["s/worker.0"], plan.Keep.Select(k => k.ToString()));
        Assert.Empty(plan.Start);
        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void Compute_OneInstanceRunsAnOldIdentity_RestartsOnlyThatInstance()
    {
        Apply(LithosFixture.Web(3));
        var key = new InstanceKey("s", "web", 1);
        _actual[key] = _actual[key] with { Identity = _actual[key].Identity with { Image = "app/v0" } };

        var plan = _diff.Compute(_tree.Desired(), _actual);

        Assert.Equal([key], plan.Restart.Select(i => i.Key));
        Assert.Equal(2, plan.Keep.Length);
    }

    [Fact]
    public void Compute_ImageChanged_RestartsEveryInstance()
    {
        Apply(LithosFixture.Web(2));

        var plan = Apply(LithosFixture.Web(2, image: "app/v2"));

        Assert.Equal(2, plan.Restart.Length);
        Assert.All(plan.Restart, i => Assert.Equal("app/v2", i.Identity.Image));
    }

    [Fact]
    public void Compute_SameFiles_IsEmpty()
    {
        Apply(LithosFixture.Web(2));

        var plan = Apply(LithosFixture.Web(2));

        Assert.True(plan.IsEmpty);
        Assert.Equal(2, plan.Keep.Length);
    }

    [Fact]
    public void Compute_RetiredInstanceAlreadyStopping_IsNotStoppedAgain()
    {
        Apply(LithosFixture.Web(2));
        _actual[new InstanceKey("s", "web", 1)] = _actual[new InstanceKey("s", "web", 1)] with { State = InstanceState.Stopping };

        var plan = Apply(LithosFixture.Web(1));

        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void Compute_EntryRemoved_StopsAllItsInstances()
    {
        Apply(LithosFixture.Web(2));

        var plan = Apply(string.Empty);

        Assert.Equal(["s/web.0", "s/web.1"], plan.Stop.Select(k => k.ToString()));
    }

    // Computes the plan for the files, then applies it to the fake "actual" set as a shell would.
    private ProcessPlan Apply(string processes)
    {
        _tree.WriteProcesses("s", processes);
        var desired = _tree.Desired();
        Assert.Empty(desired.Problems);
        var plan = _diff.Compute(desired, _actual);
        foreach (var instance in plan.Start.Concat(plan.Restart))
        {
            _actual[instance.Key] = new ActualInstance(instance.Identity, InstanceState.Running);
        }

        foreach (var key in plan.Stop)
        {
            _actual.Remove(key);
        }

        return plan;
    }
}
