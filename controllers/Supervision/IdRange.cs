using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Supervision;

/// <summary>An inclusive range of uids, gids or ports, written <c>N</c> or <c>A-B</c>.</summary>
internal readonly record struct IdRange(long Start, long End)
{
    public bool Contains(long value) => value >= Start && value <= End;

    public bool Contains(long start, long count) => count > 0 && start >= Start && start + count - 1 <= End;

    public static IdRange? TryParse(string text)
    {
        var dash = text.IndexOf('-', 1);
        if (dash < 0)
        {
            return QuireScalar.ParseInteger(text) is { } single and >= 0 ? new IdRange(single, single) : null;
        }

        return QuireScalar.ParseInteger(text[..dash]) is { } a and >= 0
            && QuireScalar.ParseInteger(text[(dash + 1)..]) is { } b && b >= a
                ? new IdRange(a, b)
                : null;
    }

    public static bool AnyContains(ImmutableArray<IdRange> ranges, long value) => ranges.Any(r => r.Contains(value));

    public static bool AnyContains(ImmutableArray<IdRange> ranges, long start, long count) =>
        ranges.Any(r => r.Contains(start, count));

    public override string ToString() => Start == End
        ? Start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");
}
