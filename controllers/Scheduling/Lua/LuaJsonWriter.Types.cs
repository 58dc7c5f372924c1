namespace Verwalter.Scheduling.Lua;

/// <summary>The walker's per-entry record, path segments for error messages, and the key order.</summary>
internal sealed unsafe partial class LuaJsonWriter
{
    /// <summary>One table entry: its key, and its value's type and contents.</summary>
    private struct Entry
    {
        /// <summary>String key bytes (inside the Lua string); null for an integer key.</summary>
        public byte* Key;

        /// <summary>Length of the key's name: the string's, or the decimal name's in <see cref="_names"/>.</summary>
        public int KeyLength;

        public int NameOffset;

        public long IntegerKey;

        /// <summary>The value's Lua type.</summary>
        public int Type;

        /// <summary>Stack slot of a table value; 0 when it must be looked up by its key.</summary>
        public int Slot;

        /// <summary>A boolean, an integer, or the bits of a float.</summary>
        public long Bits;

        public bool IsInteger;

        /// <summary>String value bytes (inside the Lua string).</summary>
        public byte* Text;

        public int TextLength;
    }

    private enum PathKind : byte
    {
        Name,
        IntegerName,
        Index,
    }

    private readonly struct PathSegment(PathKind kind, long number, byte* key, int keyLength)
    {
        public PathKind Kind { get; } = kind;

        public long Number { get; } = number;

        public byte* Key { get; } = key;

        public int KeyLength { get; } = keyLength;
    }

    /// <summary>Orders entries by their key names as UTF-8 bytes (decimal names of integer keys in <see cref="Names"/>).</summary>
    private sealed class KeyComparer : IComparer<Entry>
    {
        public byte[] Names { get; set; } = [];

        public int Compare(Entry x, Entry y) => Name(in x).SequenceCompareTo(Name(in y));

        private ReadOnlySpan<byte> Name(in Entry entry) =>
            entry.Key is not null ? Bytes(entry.Key, entry.KeyLength) : Names.AsSpan(entry.NameOffset, entry.KeyLength);
    }
}
