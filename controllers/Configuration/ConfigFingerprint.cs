using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Verwalter.Configuration;

/// <summary>
/// SHA-256 over the files a loader read, in ordinal order of their relative paths, each framed as
/// path, NUL, 8-byte length, content. The framing keeps <c>("ab", "c")</c> and <c>("a", "bc")</c>
/// apart; the sort makes the result independent of scan order.
/// </summary>
internal sealed class ConfigFingerprint
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public void Add(string relativePath, byte[] content) => _files[relativePath] = content;

    public string Compute()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var (path, content) in _files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData([0]);
            BinaryPrimitives.WriteInt64LittleEndian(length, content.LongLength);
            hash.AppendData(length);
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
