namespace Verwalter.Rendering.Logs;

/// <summary>The folder a <c>/v1/log/&lt;area&gt;/…</c> route serves from.</summary>
internal enum LogFileArea
{
    /// <summary><c>&lt;log&gt;/.index/</c></summary>
    Index,

    /// <summary><c>&lt;log&gt;/.global/</c></summary>
    Global,

    /// <summary><c>&lt;log&gt;/.changes/</c></summary>
    Changes,

    /// <summary><c>&lt;log&gt;/</c> (role folders, e.g. <c>role/&lt;role&gt;/latest</c>)</summary>
    Role,

    /// <summary>A sandbox log folder, by name.</summary>
    External,
}
