using System.Text.Json;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// Keeps every line of every index file whole JSON. A crash or a full disk can leave the last
/// line torn (no newline); the next append would glue onto it and both lines would be lost to
/// readers. Before each append the tail is checked and a torn one moved to
/// <c>&lt;index&gt;.torn</c>; when a log writer starts, every index file is checked line by line and
/// lines that do not parse are moved there too. Nothing is deleted.
/// </summary>
internal static class IndexRepair
{
    public const string TornSuffix = ".torn";

    /// <summary>
    /// Cuts a torn last line off <paramref name="stream"/> (open for writing on <paramref name="path"/>)
    /// and appends it to the <c>.torn</c> file; returns whether there was one.
    /// </summary>
    public static bool CutTornTail(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return false;
        }

        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var last = new byte[1];
        reader.Position = length - 1;
        if (reader.Read(last) == 1 && last[0] == (byte)'\n')
        {
            return false;
        }

        var keep = LastNewlineEnd(reader, length);
        var torn = new byte[length - keep];
        reader.Position = keep;
        reader.ReadExactly(torn);
        KeepTorn(path, torn);
        stream.SetLength(keep);
        return true;
    }

    /// <summary>Checks every line of <paramref name="path"/>; unparseable ones go to the <c>.torn</c> file and the rest is rewritten (temp + rename). Returns the lines moved.</summary>
    public static int RepairFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var good = new MemoryStream(bytes.Length);
        var bad = new MemoryStream();
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            var line = bytes.AsSpan(start, end - start);
            if (newline >= 0 && IsJsonArray(line))
            {
                good.Write(line);
                good.WriteByte((byte)'\n');
            }
            else if (line.Length > 0 || newline < 0)
            {
                bad.Write(line);
                bad.WriteByte((byte)'\n');
            }

            start = end + 1;
        }

        if (bad.Length == 0)
        {
            return 0;
        }

        KeepTorn(path, bad.ToArray());
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        File.WriteAllBytes(temp, good.ToArray());
        File.Move(temp, path, overwrite: true);
        return bad.ToArray().Count(b => b == (byte)'\n');
    }

    /// <summary>Repairs every <c>index.*.json</c> in <paramref name="folder"/>; returns the lines moved.</summary>
    public static int RepairFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var moved = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "index.*.json"))
        {
            moved += RepairFile(file);
        }

        return moved;
    }

    private static bool IsJsonArray(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long LastNewlineEnd(FileStream reader, long length)
    {
        var chunk = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(chunk.Length, end);
            reader.Position = end - size;
            reader.ReadExactly(chunk, 0, size);
            var at = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (at >= 0)
            {
                return end - size + at + 1;
            }

            end -= size;
        }

        return 0;
    }

    private static void KeepTorn(string path, byte[] torn)
    {
        using var file = new FileStream(path + TornSuffix, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(torn);
        if (torn.Length == 0 || torn[^1] != (byte)'\n')
        {
            file.WriteByte((byte)'\n');
        }
    }
}
