using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>Readers for the list shapes shared by sandbox and container files.</summary>
internal static class QuireLists
{
    public static ImmutableArray<IdRange> Ranges(QuireMap map, string key) =>
    [
        .. map.Items(key).Select(item =>
        {
            var text = map.Text(item, key);
            return IdRange.TryParse(text) ?? throw map.Error(item, key, $"'{text}' is not a number or an A-B range");
        }),
    ];

    public static ImmutableArray<IdMap> Maps(QuireMap map, string key)
    {
        var items = map.Items(key);
        var builder = ImmutableArray.CreateBuilder<IdMap>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var entry = QuireMap.Of(map.File, $"{map.Field(key)}[{i}]", items[i], items[i]);
            builder.Add(new IdMap(
                entry.Integer("inside", 0, 0, uint.MaxValue),
                entry.Integer("outside", 0, 0, uint.MaxValue),
                entry.Integer("count", 0, 1, uint.MaxValue)));
            entry.RejectUnknown("a mapping line has inside, outside and count");
        }

        return builder.MoveToImmutable();
    }
}
