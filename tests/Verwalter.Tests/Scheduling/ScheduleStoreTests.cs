using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Scheduling;

public sealed class ScheduleStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-store-");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 30, 0, TimeSpan.Zero));

    private ScheduleStore Store => new(_dir.FullName, _time, NullLogger<ScheduleStore>.Instance);

    private static Schedule Make(int n) =>
        Schedule.Create(n, "0123456789abcdef0123456789abcdef", 1, CanonicalJson.Canonicalize(System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{n}}}""")));

    [Fact]
    public void Save_ThenLoad_GivesSameScheduleAndNoTempFiles()
    {
        Store.Save(Make(1));
        Assert.Equal(Make(1).Hash, Store.Load()!.Hash);
        Assert.DoesNotContain(Directory.EnumerateFiles(Store.Folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Missing_IsNull() => Assert.Null(Store.Load());

    [Fact]
    public void Load_TamperedFile_NamesFileAndMismatch()
    {
        Store.Save(Make(1));
        File.WriteAllText(Store.SchedulePath, File.ReadAllText(Store.SchedulePath).Replace("\"n\": 1", "\"n\": 2", StringComparison.Ordinal));
        var ex = Assert.Throws<FormatException>(() => Store.Load());
        Assert.Contains("schedule.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("hash mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_FirstTime_WritesOneBackupOfEachKind()
    {
        Store.Save(Make(1));
        Assert.Equal(["daily-20260105", "hourly-20260105T10", "weekly-2026w01"], Store.ListBackups());
        using var gz = new GZipStream(File.OpenRead(Store.BackupPath("daily-20260105")!), CompressionMode.Decompress);
        Assert.Equal(Make(1).Hash, Schedule.Parse(ReadAll(gz)).Hash);
    }

    [Fact]
    public void Save_SameHourAgain_KeepsTheFirstBackupOfThePeriod()
    {
        Store.Save(Make(1));
        _time.Advance(TimeSpan.FromMinutes(10));
        Store.Save(Make(2));
        Assert.Equal(3, Store.ListBackups().Count);
        using var gz = new GZipStream(File.OpenRead(Store.BackupPath("hourly-20260105T10")!), CompressionMode.Decompress);
        Assert.Equal(Make(1).Hash, Schedule.Parse(ReadAll(gz)).Hash);
    }

    [Fact]
    public void Save_FortyHours_KeepsNewest36Hourly()
    {
        for (var h = 0; h < 40; h++)
        {
            Store.Save(Make(h));
            _time.Advance(TimeSpan.FromHours(1));
        }

        var hourly = Store.ListBackups().Where(b => b.StartsWith("hourly-", StringComparison.Ordinal)).ToList();
        Assert.Equal(36, hourly.Count);
        Assert.Equal("hourly-20260105T14", hourly[0]);
        Assert.Equal(3, Store.ListBackups().Count(b => b.StartsWith("daily-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("../schedule")]
    [InlineData("daily-2026/../x")]
    [InlineData("a.b")]
    [InlineData("hourly-19990101T00")]
    public void BackupPath_BadOrUnknownName_IsNull(string name)
    {
        Store.Save(Make(1));
        Assert.Null(Store.BackupPath(name));
    }

    [Theory]
    [InlineData(2026, 1, 1, 0)]
    [InlineData(2026, 1, 5, 1)]
    [InlineData(2026, 1, 4, 0)]
    [InlineData(2024, 12, 30, 53)]
    [InlineData(2018, 8, 10, 32)]
    public void MondayWeekOfYear_Dates_MatchStrftimePercentW(int y, int m, int d, int week) =>
        Assert.Equal(week, ScheduleStore.MondayWeekOfYear(new DateTimeOffset(y, m, d, 12, 0, 0, TimeSpan.Zero)));

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
