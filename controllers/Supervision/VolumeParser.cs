using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>Reads one tagged volume: <c>!Readonly</c>, <c>!Persistent</c>, <c>!Tmpfs</c> or <c>!Statedir</c>.</summary>
internal static class VolumeParser
{
    public static Volume Parse(QuireMap owner, string field, YamlNode value)
    {
        var tag = value.Tag.IsEmpty ? string.Empty : value.Tag.Value;
        if (tag is not ("!Readonly" or "!Persistent" or "!Statedir" or "!Tmpfs"))
        {
            throw owner.Error(value, field, tag.Length == 0
                ? "needs a volume tag: !Readonly, !Persistent, !Tmpfs or !Statedir"
                : $"unknown volume type {tag}");
        }

        if (tag == "!Readonly")
        {
            return new ReadonlyVolume(VirtualPath(owner, field, value, owner.Text(value, field)));
        }

        // A scalar after !Persistent or !Statedir is the path, as a shorthand for {path: ...}.
        var options = value is YamlScalarNode { Value: { Length: > 0 } shorthand } && tag is "!Persistent" or "!Statedir"
            ? null
            : QuireMap.Of(owner.File, field, value is YamlScalarNode { Value: null or "" } ? null : value, value);
        var path = options is null ? owner.Text(value, field) : options.String("path", "/");
        Volume volume = tag switch
        {
            "!Persistent" => new PersistentVolume(
                VirtualPath(owner, field, value, path),
                options?.Boolean("mkdir", false) ?? false,
                (int)(options?.Integer("mode", 0x1FF, 0, 0xFFF) ?? 0x1FF),
                options?.Integer("user", 0, 0, uint.MaxValue) ?? 0,
                options?.Integer("group", 0, 0, uint.MaxValue) ?? 0),
            "!Statedir" => new StatedirVolume(
                VirtualPath(owner, field, value, path),
                (int)(options?.Integer("mode", 0x1FF, 0, 0xFFF) ?? 0x1FF),
                options?.Integer("user", 0, 0, uint.MaxValue) ?? 0,
                options?.Integer("group", 0, 0, uint.MaxValue) ?? 0),
            _ => new TmpfsVolume(
                options!.Integer("size", 100L << 20, 1, long.MaxValue),
                (int)options.Integer("mode", 0x1FF, 0, 0xFFF)),
        };
        options?.RejectUnknown(tag switch
        {
            "!Persistent" => "!Persistent has path, mkdir, mode, user and group",
            "!Statedir" => "!Statedir has path, mode, user and group",
            _ => "!Tmpfs has size and mode",
        });
        return volume;
    }

    private static string VirtualPath(QuireMap owner, string field, YamlNode at, string path) =>
        path.StartsWith('/') && !path.Split('/').Contains("..")
            ? path
            : throw owner.Error(at, field, $"'{path}' must be an absolute virtual path without '..'");
}
