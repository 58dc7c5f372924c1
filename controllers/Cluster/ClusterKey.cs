namespace Verwalter.Cluster;

/// <summary>Reads the shared cluster key (<c>--cluster-key-file</c>): the file's bytes, trailing line breaks removed.</summary>
internal static class ClusterKey
{
    public const int MinLength = 16;

    /// <exception cref="IOException">The file cannot be read, or holds fewer than <see cref="MinLength"/> bytes.</exception>
    public static byte[] Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new IOException($"--cluster-key-file {path}: cannot read the cluster key: {ex.Message}", ex);
        }

        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }

        if (length == 0)
        {
            throw new IOException($"--cluster-key-file {path}: the file is empty");
        }

        if (length < MinLength)
        {
            throw new IOException($"--cluster-key-file {path}: the key has {length} bytes; use at least {MinLength} (e.g. `head -c 32 /dev/urandom | base64`)");
        }

        return bytes[..length];
    }
}
