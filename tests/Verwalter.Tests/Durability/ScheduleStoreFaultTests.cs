using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Scheduling;
using Verwalter.Storage;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Durability;

/// <summary>Storage faults injected for real: a full tmpfs, a read-only remount, folders in the way, damaged files.</summary>
public sealed class ScheduleStoreFaultTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-faults-");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 30, 0, TimeSpan.Zero));

    private static Schedule Make(int n) =>
        Schedule.Create(1_000 + n, "0123456789abcdef0123456789abcdef", 1, CanonicalJson.Canonicalize(System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{n}},"pad":"{{new string('x', 3000)}}"}""")));

    private ScheduleStore StoreIn(string dir) => new(dir, _time, NullLogger<ScheduleStore>.Instance);

    [RootFact]
    public void Save_OnFullDisk_ReportsEnospcKeepsPendingLeavesNoTempAndCatchesUp()
    {
        using var tmpfs = new TmpfsMount(256);
        var store = StoreIn(tmpfs.Root);
        Assert.True(store.Save(Make(1)));
        tmpfs.Fill();

        Assert.False(store.Save(Make(2)));
        Assert.True(store.HasPending);
        var fault = Assert.Single(store.Faults.Current, f => f.Key == store.SchedulePath).Value;
        Assert.Equal("ENOSPC", fault.Error);
        Assert.Contains(store.SchedulePath, fault.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(store.Folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(Make(1).Hash, store.Load()!.Hash);

        Assert.False(store.TryFlush());
        Assert.Equal(2, store.Faults.Current[store.SchedulePath].Attempts);

        tmpfs.Free();
        Assert.True(store.TryFlush());
        Assert.False(store.HasPending);
        Assert.Empty(store.Faults.Current);
        Assert.Equal(Make(2).Hash, store.Load()!.Hash);
    }

    [RootFact]
    public void Save_OnReadOnlyFileSystem_ReportsErofsAndCatchesUpAfterRemount()
    {
        using var tmpfs = new TmpfsMount(256);
        var store = StoreIn(tmpfs.Root);
        Assert.True(store.Save(Make(1)));
        tmpfs.RemountReadOnly(true);
        try
        {
            Assert.False(store.Save(Make(2)));
            Assert.Equal("EROFS", store.Faults.Current[store.SchedulePath].Error);
        }
        finally
        {
            tmpfs.RemountReadOnly(false);
        }

        Assert.True(store.TryFlush());
        Assert.Equal(Make(2).Hash, store.Load()!.Hash);
        Assert.Empty(store.Faults.Current);
    }

    [RootFact]
    public async Task Flusher_RetriesThroughTheHostUntilTheDiskHasSpace()
    {
        using var tmpfs = new TmpfsMount(256);
        var store = StoreIn(tmpfs.Root);
        tmpfs.Fill();
        Assert.False(store.Save(Make(3)));
        var flusher = new ScheduleStoreFlusher(store);
        await Assert.ThrowsAsync<IOException>(async () => await flusher.ReconcileAsync(ScheduleStoreFlusher.Key, CancellationToken.None));
        tmpfs.Free();
        await flusher.ReconcileAsync(ScheduleStoreFlusher.Key, CancellationToken.None);
        Assert.Equal(Make(3).Hash, store.Load()!.Hash);
    }

    [Fact]
    public void Save_FolderWhereTheFileBelongs_IsSetAsideAsBlockedAndReported()
    {
        var store = StoreIn(_dir.FullName);
        Directory.CreateDirectory(Path.Combine(store.SchedulePath, "inner"));
        Assert.True(store.Save(Make(1)));
        Assert.Equal(Make(1).Hash, store.Load()!.Hash);
        var moved = Assert.Single(Directory.EnumerateDirectories(store.Folder, "schedule.json.blocked-*"));
        Assert.True(Directory.Exists(Path.Combine(moved, "inner")));
        Assert.Equal(SetAside.Blocked, store.Faults.Current[moved].Error);
    }

    [Fact]
    public void Save_FileWhereTheFolderBelongs_IsSetAsideAsBlocked()
    {
        var store = StoreIn(_dir.FullName);
        File.WriteAllText(store.Folder, "not a folder");
        Assert.True(store.Save(Make(1)));
        Assert.Equal(Make(1).Hash, store.Load()!.Hash);
        var moved = Assert.Single(Directory.EnumerateFiles(_dir.FullName, "schedule.blocked-*"));
        Assert.Equal("not a folder", File.ReadAllText(moved));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(-1)]
    public void LoadOrRecover_TruncatedSchedule_IsKeptAsideAndNewestValidBackupUsed(int keep)
    {
        var store = StoreIn(_dir.FullName);
        store.Save(Make(1));
        _time.Advance(TimeSpan.FromHours(1));
        store.Save(Make(2));
        _time.Advance(TimeSpan.FromMinutes(5));
        store.Save(Make(3)); // same hour: no new backup, so the newest backup is Make(2)
        var bytes = File.ReadAllBytes(store.SchedulePath);
        var length = keep < 0 ? bytes.Length - 1 : keep;
        File.WriteAllBytes(store.SchedulePath, bytes[..length]);

        var fresh = StoreIn(_dir.FullName);
        var recovered = fresh.LoadOrRecover();
        Assert.NotNull(recovered);
        Assert.Equal(Make(2).Hash, recovered.Schedule.Hash);
        Assert.EndsWith(".json.gz", recovered.Path, StringComparison.Ordinal);
        var corrupt = Assert.Single(Directory.EnumerateFiles(fresh.Folder, "schedule.json.corrupt-*"));
        Assert.Equal(bytes[..length], File.ReadAllBytes(corrupt));
        Assert.False(File.Exists(fresh.SchedulePath));
        Assert.Equal(SetAside.Corrupt, fresh.Faults.Current[corrupt].Error);
    }

    [Fact]
    public void LoadOrRecover_HashMismatch_IsKeptAside()
    {
        var store = StoreIn(_dir.FullName);
        store.Save(Make(1));
        File.WriteAllText(store.SchedulePath, File.ReadAllText(store.SchedulePath).Replace("\"n\": 1", "\"n\": 7", StringComparison.Ordinal));
        var recovered = StoreIn(_dir.FullName).LoadOrRecover();
        Assert.Equal(Make(1).Hash, recovered!.Schedule.Hash);
        Assert.Single(Directory.EnumerateFiles(store.Folder, "schedule.json.corrupt-*"));
    }

    [Fact]
    public void LoadOrRecover_ValidSchedule_IsUsedAsItIs()
    {
        StoreIn(_dir.FullName).Save(Make(4));
        var recovered = StoreIn(_dir.FullName).LoadOrRecover();
        Assert.Equal(Make(4).Hash, recovered!.Schedule.Hash);
        Assert.EndsWith("schedule.json", recovered.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void ListBackups_GarbledGzipAndBadHash_AreSetApartAndReported()
    {
        var store = StoreIn(_dir.FullName);
        store.Save(Make(1));
        var daily = store.BackupPath("daily-20260105")!;
        var hourly = store.BackupPath("hourly-20260105T10")!;
        var garbled = File.ReadAllBytes(daily);
        garbled[garbled.Length / 2] ^= 0xFF;
        File.WriteAllBytes(daily, garbled);
        using (var file = File.Create(hourly))
        using (var gzip = new GZipStream(file, CompressionMode.Compress))
        {
            gzip.Write(File.ReadAllBytes(store.SchedulePath).AsSpan()[..^40]);
        }

        var listed = StoreIn(_dir.FullName).ListBackups();
        Assert.Equal(["weekly-2026w01"], listed);
        Assert.Single(Directory.EnumerateFiles(store.Folder, "daily-20260105.json.gz.corrupt-*"));
        Assert.Single(Directory.EnumerateFiles(store.Folder, "hourly-20260105T10.json.gz.corrupt-*"));

        // The next save of the same period writes fresh backups in their place.
        var again = StoreIn(_dir.FullName);
        again.Save(Make(2));
        Assert.Equal(["daily-20260105", "hourly-20260105T10", "weekly-2026w01"], again.ListBackups());
    }

    [Fact]
    public void Backups_WallClockJumpsForwardADayAndBack_StillBackUpTheCurrentHour()
    {
        var store = StoreIn(_dir.FullName);
        store.Save(Make(1));
        _time.JumpWallClock(TimeSpan.FromDays(1));
        store.Save(Make(2));
        Assert.Contains("hourly-20260106T10", store.ListBackups());
        _time.JumpWallClock(TimeSpan.FromHours(-23));
        store.Save(Make(3));
        Assert.Contains("hourly-20260105T11", store.ListBackups());
        _time.JumpWallClock(TimeSpan.FromHours(-2));
        store.Save(Make(4));
        Assert.Contains("hourly-20260105T09", store.ListBackups());
        Assert.Equal(4, store.ListBackups().Count(b => b.StartsWith("hourly-", StringComparison.Ordinal)));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
