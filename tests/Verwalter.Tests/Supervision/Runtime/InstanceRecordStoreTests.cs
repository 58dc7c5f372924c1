using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class InstanceRecordStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 1, 2, 3, TimeSpan.Zero);
    private readonly DirectoryInfo _runtime = Directory.CreateTempSubdirectory("verwalter-records-");

    [Fact]
    public void ReadAll_UnparsableRecords_AreMovedAsideWithTheirBytes_NeverDeleted()
    {
        var store = new InstanceRecordStore(_runtime.FullName);
        var good = new InstanceKey("s", "web", 0);
        store.Write(good, new InstanceRecord(good.ToString(), 4242, 7, Now, "{}", 3000, 1000));
        var garbage = Path.Combine(store.Folder, "s", "web.1.json");
        File.WriteAllText(garbage, "{\"name\": \"s/web.1\", \"pid\": ");
        var nothing = Path.Combine(store.Folder, "s", "web.2.json");
        File.WriteAllText(nothing, "null");
        var badName = Path.Combine(store.Folder, "s", "web.3.json");
        File.WriteAllText(badName, File.ReadAllText(store.PathOf(good)).Replace("s/web.0", "no key here", StringComparison.Ordinal));

        var corrupt = new List<CorruptRecord>();
        var records = store.ReadAll(Now, corrupt);

        Assert.Equal([good], records.Select(r => r.Key));
        Assert.Equal([garbage, nothing, badName], corrupt.Select(c => c.File).Order());
        Assert.All(corrupt, c => Assert.Equal(c.File + ".corrupt-20261208T010203Z", c.MovedTo));
        Assert.All(corrupt, c => Assert.False(File.Exists(c.File)));
        Assert.Equal("{\"name\": \"s/web.1\", \"pid\": ", File.ReadAllText(garbage + ".corrupt-20261208T010203Z"));
        Assert.Contains(corrupt, c => c.File == nothing && c.Reason.Contains("null", StringComparison.Ordinal));
        Assert.All(corrupt, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));

        var again = new List<CorruptRecord>();
        Assert.Single(store.ReadAll(Now, again));
        Assert.Empty(again);
    }

    [Fact]
    public void MoveAside_NameTaken_AddsACounterInsteadOfOverwriting()
    {
        var file = Path.Combine(_runtime.FullName, "web.0.json");
        File.WriteAllText(file, "first");
        var first = InstanceRecordStore.MoveAside(file, "bad", Now);
        File.WriteAllText(file, "second");
        var second = InstanceRecordStore.MoveAside(file, "bad", Now);

        Assert.Equal(file + ".corrupt-20261208T010203Z", first.MovedTo);
        Assert.Equal(file + ".corrupt-20261208T010203Z-2", second.MovedTo);
        Assert.Equal("first", File.ReadAllText(first.MovedTo!));
        Assert.Equal("second", File.ReadAllText(second.MovedTo!));
    }

    public void Dispose() => _runtime.Delete(recursive: true);
}
