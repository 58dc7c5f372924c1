using System.Globalization;
using System.Text.Json;

namespace Verwalter.Supervision.Runtime;

/// <summary>Instance records in the runtime dir, each replaced atomically (temp file + rename).</summary>
internal sealed class InstanceRecordStore(string runtimeDir)
{
    public string Folder { get; } = Path.Combine(runtimeDir, "instances");

    public string PathOf(InstanceKey key) =>
        Path.Combine(Folder, key.Sandbox, string.Create(CultureInfo.InvariantCulture, $"{key.Process}.{key.Index}.json"));

    /// <summary>Where bwrap writes its JSON status (<c>--json-status-fd</c>) for the instance: <c>child-pid</c>, then <c>exit-code</c>.</summary>
    public string StatusPathOf(InstanceKey key) =>
        Path.Combine(Folder, key.Sandbox, string.Create(CultureInfo.InvariantCulture, $"{key.Process}.{key.Index}.status"));

    public void Write(InstanceKey key, InstanceRecord record) =>
        AtomicFile.Write(PathOf(key), JsonSerializer.SerializeToUtf8Bytes(record, SupervisorJsonContext.Default.InstanceRecord));

    public void Delete(InstanceKey key)
    {
        try
        {
            File.Delete(PathOf(key));
            File.Delete(StatusPathOf(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Every record that parses, by key. A file that does not parse is never deleted: it is renamed
    /// to <c>&lt;name&gt;.corrupt-&lt;yyyyMMddTHHmmssZ&gt;</c> in place and returned in <paramref name="corrupt"/>.
    /// </summary>
    public List<(InstanceKey Key, InstanceRecord Record)> ReadAll(DateTimeOffset now, List<CorruptRecord> corrupt)
    {
        var result = new List<(InstanceKey, InstanceRecord)>();
        if (!Directory.Exists(Folder))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories).ToList())
        {
            string reason;
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), SupervisorJsonContext.Default.InstanceRecord);
                if (record is not null)
                {
                    result.Add((InstanceKey.Parse(record.Name), record));
                    continue;
                }

                reason = "the file holds JSON null";
            }
            catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                reason = e.Message;
            }

            corrupt.Add(MoveAside(file, reason, now));
        }

        return result;
    }

    /// <summary>Renames <paramref name="file"/> next to itself with a <c>.corrupt-</c> timestamp suffix (a counter if that name is taken).</summary>
    public static CorruptRecord MoveAside(string file, string reason, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{file}.corrupt-{stamp}";
        for (var n = 2; File.Exists(target); n++)
        {
            target = string.Create(CultureInfo.InvariantCulture, $"{file}.corrupt-{stamp}-{n}");
        }

        try
        {
            File.Move(file, target, overwrite: false);
            return new CorruptRecord(file, target, reason, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CorruptRecord(file, null, $"{reason}; could not move it aside: {e.Message}", now);
        }
    }
}
