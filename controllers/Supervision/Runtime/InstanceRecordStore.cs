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

    /// <summary>Every record that parses, by key; files that do not parse are deleted.</summary>
    public List<(InstanceKey Key, InstanceRecord Record)> ReadAll()
    {
        var result = new List<(InstanceKey, InstanceRecord)>();
        if (!Directory.Exists(Folder))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories))
        {
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), SupervisorJsonContext.Default.InstanceRecord);
                if (record is not null)
                {
                    result.Add((InstanceKey.Parse(record.Name), record));
                    continue;
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or IOException)
            {
            }

            File.Delete(file);
        }

        return result;
    }
}
