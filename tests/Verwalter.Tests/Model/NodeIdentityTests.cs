using Verwalter.Model;

namespace Verwalter.Tests.Model;

public sealed class NodeIdentityTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-id-");

    private string Missing => Path.Combine(_dir.FullName, "no-machine-id");

    [Fact]
    public void Resolve_Override_WinsAndIsLowercased() =>
        Assert.Equal("0123456789abcdef0123456789abcdef", NodeIdentity.Resolve("0123456789ABCDEF0123456789ABCDEF", "h", _dir.FullName, Missing).Id);

    [Fact]
    public void Resolve_MachineIdFileWithNewline_IsUsed()
    {
        var path = Path.Combine(_dir.FullName, "machine-id");
        File.WriteAllText(path, "fedcba9876543210fedcba9876543210\n");
        Assert.Equal("fedcba9876543210fedcba9876543210", NodeIdentity.Resolve(null, "h", _dir.FullName, path).Id);
    }

    [Fact]
    public void Resolve_NoMachineId_GeneratesOnceAndKeepsIt()
    {
        var first = NodeIdentity.Resolve(null, "h", _dir.FullName, Missing);
        var second = NodeIdentity.Resolve(null, "h", _dir.FullName, Missing);
        Assert.Equal(32, first.Id.Length);
        Assert.Equal(first.Id, second.Id);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public void Resolve_BadOverride_NamesTheSource(string id)
    {
        var ex = Assert.Throws<FormatException>(() => NodeIdentity.Resolve(id, "h", _dir.FullName, Missing));
        Assert.Contains("--override-machine-id", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
