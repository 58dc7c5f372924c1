using Verwalter.Leadership;

namespace Verwalter.Tests.Leadership;

/// <summary>
/// Many seeded runs of one lossy scenario: elect, cut the leader into a minority, heal. Catches
/// rare interleavings the hand-picked mesh tests miss.
/// </summary>
public sealed class ElectionMeshSweepTests
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Run_ManySeedsWithLossAndPartition_KeepsOneLeaderPerMajorityAndNoneInMinority(int nodes)
    {
        var failures = new List<string>();
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var mesh = new ElectionMesh(nodes, new ElectionOptions(), seed)
            {
                Loss = 0.1,
                MinDelay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(60),
            };
            mesh.Run(Phase);
            var leaders = mesh.Leaders();
            if (leaders.Count != 1)
            {
                failures.Add($"seed {seed}: {leaders.Count} leaders after start");
                continue;
            }
            var minority = new[] { leaders[0] }.Concat(mesh.Ids.Where(id => id != leaders[0]).Take(((nodes - 1) / 2) - 1)).ToArray();
            var majority = mesh.Ids.Except(minority).ToArray();

            mesh.Partition(minority, majority);
            mesh.Run(Phase);
            if (mesh.Leaders(minority).Count != 0 || mesh.Leaders(majority).Count != 1)
            {
                failures.Add($"seed {seed}: minority {mesh.Leaders(minority).Count}, majority {mesh.Leaders(majority).Count} leaders");
            }

            mesh.Heal();
            mesh.Run(Phase);
            if (mesh.Leaders().Count != 1)
            {
                failures.Add($"seed {seed}: {mesh.Leaders().Count} leaders after healing");
            }
            failures.AddRange(mesh.LeadersByEpoch.Where(kv => kv.Value.Count > 1).Select(kv => $"seed {seed}: epoch {kv.Key} had two leaders"));
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }
}
