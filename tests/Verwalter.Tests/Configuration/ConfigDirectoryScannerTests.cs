using Verwalter.Configuration;

namespace Verwalter.Tests.Configuration;

public sealed class ConfigDirectoryScannerTests
{
    [Theory]
    [InlineData(".hidden", true)]
    [InlineData(".git", true)]
    [InlineData("app.yaml~", true)]
    [InlineData("app.yaml.bak", true)]
    [InlineData("#app.yaml#", true)]
    [InlineData("#", true)]
    [InlineData("app.yaml", false)]
    [InlineData("#app.yaml", false)]
    [InlineData("bak", false)]
    [InlineData("v1.d", false)]
    public void IsSkipped_MatchesEditorAndBackupNames(string name, bool skipped) =>
        Assert.Equal(skipped, ConfigDirectoryScanner.IsSkipped(name));

    [Fact]
    public void Scan_VisitsFoldersBeforeFiles_InOrdinalOrder()
    {
        using var dir = new TempConfigDir();
        dir.Write("runtime/b.yaml", "")
            .Write("runtime/B.yaml", "")
            .Write("runtime/a.yaml", "")
            .Write("runtime/a/x.yaml", "")
            .Write("runtime/a.d/y.yaml", "");
        var problems = System.Collections.Immutable.ImmutableArray.CreateBuilder<ConfigProblem>();

        var files = ConfigDirectoryScanner.Scan(dir.Root, "runtime", _ => true, problems);

        Assert.Equal(
            ["runtime/a/x.yaml", "runtime/a.d/y.yaml", "runtime/B.yaml", "runtime/a.yaml", "runtime/b.yaml"],
            files.Select(f => f.RelativePath));
        Assert.Empty(problems);
    }
}
