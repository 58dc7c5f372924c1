using System.Collections.Concurrent;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Compiled templates by full path and strictness, valid while the file's write time and size are
/// unchanged, so a re-render after a new schedule does not recompile (compiling costs ~50 ms per 20
/// templates; rendering ~0.1 ms). One version per path is kept; past <see cref="Capacity"/> paths the
/// cache is emptied rather than tracking use, since a node only ever has a few template folders.
/// </summary>
internal sealed class CompiledTemplateCache(int capacity = CompiledTemplateCache.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<(string Path, bool Strict), (FileStamp Stamp, CompiledTemplate Template)> _entries = new();
    private long _compiles;

    /// <summary>The cache every render of this process uses.</summary>
    public static CompiledTemplateCache Shared { get; } = new();

    public int Capacity => capacity;

    /// <summary>How many compiles were attempted through this cache (tests use it to prove hits).</summary>
    public long Compiles => Interlocked.Read(ref _compiles);

    public int Count => _entries.Count;

    /// <summary>
    /// The cached template when <paramref name="stamp"/> matches, else the result of
    /// <paramref name="compile"/>, which is stored. Two threads missing at once may both compile;
    /// the result is the same, so the last one stored wins harmlessly.
    /// </summary>
    public CompiledTemplate GetOrCompile(string fullPath, FileStamp stamp, bool strict, Func<CompiledTemplate> compile)
    {
        var key = (fullPath, strict);
        if (_entries.TryGetValue(key, out var entry) && entry.Stamp == stamp)
        {
            return entry.Template;
        }

        Interlocked.Increment(ref _compiles);
        var compiled = compile();
        if (_entries.Count >= capacity && !_entries.ContainsKey(key))
        {
            _entries.Clear();
        }

        _entries[key] = (stamp, compiled);
        return compiled;
    }
}
