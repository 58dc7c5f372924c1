using System.Text;
using System.Text.Json;
using Verwalter.Rendering.Logs;
using Verwalter.Tests.Rendering.Logs;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Durability;

/// <summary>The deployment index stays whole JSON lines after truncation at any byte, glued lines, and a full disk.</summary>
public sealed class IndexAppendSafetyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private const string IndexFile = ".index/index.20260314.json";

    // DeploymentStart, DeploymentChanges, RoleStart, ActionStart, ActionFinish, RoleFinish, DeploymentFinish.
    private const int NewDeploymentLines = 7;
    private readonly TempLogDir _dir = new();
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public void TruncatedAtEveryByteOffset_StartUpKeepsEveryWholeLineAndTheNextAppendParses()
    {
        Deploy(new DeploymentLogWriter(_dir.Root, _time), "dep-1", "alpha", "beta");
        var original = File.ReadAllBytes(_dir.PathOf(IndexFile));
        Assert.True(original.Length > 500, $"index of {original.Length} bytes is too small to test");
        var originalLines = Encoding.UTF8.GetString(original).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        using var scratch = new TempLogDir();
        var index = scratch.PathOf(IndexFile);
        Directory.CreateDirectory(Path.GetDirectoryName(index)!);
        for (var cut = 0; cut <= original.Length; cut++)
        {
            File.WriteAllBytes(index, original[..cut]);
            File.Delete(index + IndexRepair.TornSuffix);

            // A new writer (the daemon restarting) appends the next deployment.
            Deploy(new DeploymentLogWriter(scratch.Root, _time), "dep-2", "gamma");

            var lines = File.ReadAllText(index).Split('\n');
            Assert.Equal("", lines[^1]);
            foreach (var line in lines[..^1])
            {
                using var parsed = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Array, parsed.RootElement.ValueKind);
            }

            var whole = Encoding.UTF8.GetString(original[..cut]).Split('\n')[..^1];
            Assert.Equal(whole, lines[..whole.Length]);
            Assert.Equal(whole.Length + NewDeploymentLines, lines.Length - 1);
            Assert.True(whole.Length <= originalLines.Length);
            var partial = Encoding.UTF8.GetString(original[..cut])[(string.Join('\n', whole).Length + (whole.Length > 0 ? 1 : 0))..];
            if (partial.Length > 0)
            {
                Assert.Equal(partial + "\n", File.ReadAllText(index + IndexRepair.TornSuffix));
            }
            else
            {
                Assert.False(File.Exists(index + IndexRepair.TornSuffix));
            }
        }
    }

    [Fact]
    public void TornTailWhileRunning_IsCutBeforeTheNextAppend()
    {
        var writer = new DeploymentLogWriter(_dir.Root, _time);
        Deploy(writer, "dep-1", "alpha");
        using (var file = new FileStream(_dir.PathOf(IndexFile), FileMode.Append))
        {
            file.Write("[\"2026-03-14T12:00:09Z\",\"dep-x\",{\"vari"u8);
        }

        Deploy(writer, "dep-2", "beta");
        foreach (var line in _dir.Lines(IndexFile))
        {
            JsonDocument.Parse(line).Dispose();
        }

        Assert.Contains(_dir.Lines(IndexFile), l => l.Contains("\"dep-2\"", StringComparison.Ordinal));
        Assert.StartsWith("[\"2026-03-14T12:00:09Z\",\"dep-x\"", _dir.Read(IndexFile + IndexRepair.TornSuffix), StringComparison.Ordinal);
    }

    [Fact]
    public void GluedLineFromAnOlderRun_IsMovedToTornAtStart()
    {
        Deploy(new DeploymentLogWriter(_dir.Root, _time), "dep-1", "alpha");
        var lines = _dir.Lines(IndexFile);
        var glued = lines[1][..20] + lines[2];
        File.WriteAllText(_dir.PathOf(IndexFile), string.Join('\n', [lines[0], glued, .. lines[3..]]) + "\n");

        Deploy(new DeploymentLogWriter(_dir.Root, _time), "dep-2", "beta");
        var after = _dir.Lines(IndexFile);
        Assert.DoesNotContain(glued, after);
        foreach (var line in after)
        {
            JsonDocument.Parse(line).Dispose();
        }

        Assert.Equal(glued + "\n", _dir.Read(IndexFile + IndexRepair.TornSuffix));
    }

    [RootFact]
    public void FullDisk_FailedAppendLeavesNoPartialLineAndAppendsAgainOnceFreed()
    {
        using var tmpfs = new TmpfsMount(256);
        var writer = new DeploymentLogWriter(tmpfs.Root, _time);
        Deploy(writer, "dep-1", "alpha");
        tmpfs.Fill();
        Assert.ThrowsAny<IOException>(() => Deploy(writer, "dep-2", "beta"));
        tmpfs.Free();
        Deploy(writer, "dep-3", "gamma");
        var lines = File.ReadAllText(Path.Join(tmpfs.Root, IndexFile)).Split('\n');
        Assert.Equal("", lines[^1]);
        foreach (var line in lines[..^1])
        {
            JsonDocument.Parse(line).Dispose();
        }

        Assert.Contains(lines, l => l.Contains("\"dep-3\"", StringComparison.Ordinal));
    }

    private static void Deploy(DeploymentLogWriter writer, string id, params string[] roles)
    {
        using var deployment = writer.Begin(id, "0123456789abcdef0123", ["changed " + id], "debug", hashChanged: true);
        foreach (var role in roles)
        {
            using var log = deployment.OpenRole(role);
            log.ActionStart("web.render.yaml");
            log.WriteLine("output of " + role);
            log.ActionFinish("web.render.yaml");
        }

        deployment.Finish();
    }

    public void Dispose() => _dir.Dispose();
}
