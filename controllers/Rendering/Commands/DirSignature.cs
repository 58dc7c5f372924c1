using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// A content hash of a folder tree for <c>!Condition</c>'s <c>dirs-changed</c>. The original used
/// dir-signature v1 (blake2b-256); this is our own scheme, only ever compared with itself within
/// one unit: SHA-256 over every entry, depth first in ordinal name order, each as a kind byte
/// (<c>d</c>, <c>f</c>, <c>l</c>), its relative path, and for a file its size and bytes, for a
/// symlink its target text (links are not followed). Modes, owners and times are not included.
/// </summary>
internal static class DirSignature
{
    private static readonly EnumerationOptions Options = new() { AttributesToSkip = 0, RecurseSubdirectories = false };

    /// <summary>The folder's signature, or null when it does not exist.</summary>
    public static string? Compute(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, new DirectoryInfo(folder), "");
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, DirectoryInfo folder, string prefix)
    {
        var entries = folder.EnumerateFileSystemInfos("*", Options).OrderBy(e => e.Name, StringComparer.Ordinal);
        Span<byte> size = stackalloc byte[8];
        var buffer = new byte[64 * 1024];
        foreach (var entry in entries)
        {
            var relative = prefix + entry.Name;
            if (entry.LinkTarget is { } target)
            {
                AppendText(hash, 'l', relative);
                hash.AppendData(Encoding.UTF8.GetBytes(target + "\0"));
            }
            else if (entry is DirectoryInfo sub)
            {
                AppendText(hash, 'd', relative);
                Append(hash, sub, relative + "/");
            }
            else if (entry is FileInfo file)
            {
                AppendText(hash, 'f', relative);
                BinaryPrimitives.WriteInt64LittleEndian(size, file.Length);
                hash.AppendData(size);
                using var stream = file.OpenRead();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer.AsSpan(0, read));
                }
            }
        }
    }

    private static void AppendText(IncrementalHash hash, char kind, string relative) =>
        hash.AppendData(Encoding.UTF8.GetBytes($"{kind}{relative}\0"));
}
