using System.Globalization;

namespace Verwalter.Supervision;

/// <summary>An instance's name, <c>&lt;sandbox&gt;/&lt;process&gt;.&lt;index&gt;</c>; orders by index numerically.</summary>
internal readonly record struct InstanceKey(string Sandbox, string Process, int Index) : IComparable<InstanceKey>
{
    public static InstanceKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dot = text.LastIndexOf('.');
        return slash > 0 && dot > slash + 1
            && int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? new InstanceKey(text[..slash], text[(slash + 1)..dot], index)
                : throw new FormatException($"'{text}' is not <sandbox>/<process>.<index>");
    }

    public int CompareTo(InstanceKey other)
    {
        var bySandbox = string.CompareOrdinal(Sandbox, other.Sandbox);
        if (bySandbox != 0)
        {
            return bySandbox;
        }

        var byProcess = string.CompareOrdinal(Process, other.Process);
        return byProcess != 0 ? byProcess : Index.CompareTo(other.Index);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sandbox}/{Process}.{Index}");

    public static bool operator <(InstanceKey left, InstanceKey right) => left.CompareTo(right) < 0;

    public static bool operator >(InstanceKey left, InstanceKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(InstanceKey left, InstanceKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(InstanceKey left, InstanceKey right) => left.CompareTo(right) >= 0;
}
