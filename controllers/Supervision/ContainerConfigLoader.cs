using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>Reads a container config (spec B.2.4) with the quire rules, including tagged volumes and variables.</summary>
internal static class ContainerConfigLoader
{
    public static ContainerConfig Parse(string path, string text)
    {
        var map = QuireMap.Of(path, string.Empty, QuireDocument.Parse(path, text), QuireDocument.Origin);
        map.Take("metadata");
        map.Take("secret-environ");
        map.Take("secret-environ-file");
        var hasSecrets = map.Has("secret-environ") || map.Has("secret-environ-file");
        var config = new ContainerConfig(
            Kind(map, allowBoth: true),
            Variables(map),
            map.OptionalInteger("user-id", 0, uint.MaxValue),
            map.OptionalInteger("group-id", 0, uint.MaxValue),
            map.Integer("memory-limit", long.MaxValue, 0, long.MaxValue),
            map.Integer("cpu-shares", 1024, 2, 262_144),
            map.Integer("fileno-limit", 1024, 1, 1L << 30),
            map.Seconds("restart-timeout", 1, 86_400),
            map.Seconds("kill-timeout", 5, 86_400),
            Absolute(map, "executable", map.RequiredString("executable")),
            map.StringList("arguments"),
            map.StringMap("environ"),
            hasSecrets,
            Absolute(map, "workdir", map.String("workdir", "/")),
            HostFile(map, "resolv-conf", hosts: false),
            HostFile(map, "hosts-file", hosts: true),
            QuireLists.Maps(map, "uid-map"),
            QuireLists.Maps(map, "gid-map"),
            map.OptionalString("stdout-stderr-file"),
            map.Boolean("interactive", false),
            map.Boolean("restart-process-only", false),
            [.. map.Items("normal-exit-codes").Select(item => ExitCode(map, item))],
            Volumes(map),
            TcpPorts(map));
        map.RejectUnknown("see the container keys in docs/supervisor.md");
        if (config.StdoutStderrFile is { } log && !log.StartsWith('/'))
        {
            throw map.Error(map.At, "stdout-stderr-file", "must be an absolute path inside the container");
        }

        return config;
    }

    public static ProcessKind Kind(QuireMap map, bool allowBoth)
    {
        var node = map.Take("kind");
        var text = node is null ? "Daemon" : map.Text(node, "kind");
        return text switch
        {
            "Daemon" => ProcessKind.Daemon,
            "Command" => ProcessKind.Command,
            "CommandOrDaemon" when allowBoth => ProcessKind.CommandOrDaemon,
            _ => throw map.Error(node!, "kind", $"'{text}' is not one of {(allowBoth ? "Daemon, Command, CommandOrDaemon" : "Daemon, Command")}"),
        };
    }

    private static string Absolute(QuireMap map, string key, string value) =>
        value.StartsWith('/') ? value : throw map.Error(map.At, key, $"'{value}' must be an absolute path inside the container");

    private static int ExitCode(QuireMap map, YamlNode item)
    {
        var text = map.Text(item, "normal-exit-codes");
        return QuireScalar.ParseInteger(text) is { } code and >= 0 and <= 255
            ? (int)code
            : throw map.Error(item, "normal-exit-codes", $"'{text}' is not an exit code (0-255)");
    }

    private static HostFileSettings HostFile(QuireMap map, string key, bool hosts)
    {
        var child = map.Child(key);
        var settings = new HostFileSettings(
            child.OptionalBoolean("mount"),
            child.Boolean("copy-from-host", true),
            hosts ? child.OptionalBoolean("localhost") : null,
            hosts ? child.OptionalBoolean("public-hostname") : null);
        child.RejectUnknown(hosts ? "hosts-file has mount, copy-from-host, localhost and public-hostname" : "resolv-conf has mount and copy-from-host");
        return settings;
    }

    private static ImmutableSortedDictionary<string, VariableType> Variables(QuireMap map)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, VariableType>(StringComparer.Ordinal);
        foreach (var (name, _, value) in map.Entries("variables"))
        {
            var field = $"variables.{name}";
            builder[name] = value.Tag.IsEmpty ? throw map.Error(value, field, "needs a type tag: !TcpPort, !Name, !DottedName or !Choice") : value.Tag.Value switch
            {
                "!TcpPort" => TcpPort(map, field, value),
                "!Name" => new VariableType(VariableKind.Name, [], false),
                "!DottedName" => new VariableType(VariableKind.DottedName, [], false),
                "!Choice" when value is YamlSequenceNode choices && choices.Children.Count > 0
                    => new VariableType(VariableKind.Choice, [.. choices.Children.Select(c => map.Text(c, field))], false),
                "!Choice" => throw map.Error(value, field, "!Choice needs a non-empty list of allowed values"),
                var tag => throw map.Error(value, field, $"unknown variable type {tag}"),
            };
        }

        return builder.ToImmutable();
    }

    private static VariableType TcpPort(QuireMap map, string field, YamlNode value)
    {
        var options = QuireMap.Of(map.File, field, value is YamlScalarNode { Value: null or "" } ? null : value, value);
        var activation = options.OptionalString("activation");
        options.RejectUnknown("!TcpPort only has activation");
        return activation is null or "systemd"
            ? new VariableType(VariableKind.TcpPort, [], activation is not null)
            : throw options.Error(value, "activation", $"'{activation}' is not a known activation (systemd)");
    }

    private static ImmutableSortedDictionary<string, Volume> Volumes(QuireMap map)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, Volume>(StringComparer.Ordinal);
        foreach (var (mount, keyNode, value) in map.Entries("volumes"))
        {
            var field = $"volumes.{mount}";
            if (!mount.StartsWith('/'))
            {
                throw map.Error(keyNode, field, "the mount point must be an absolute path inside the container");
            }

            builder[mount] = VolumeParser.Parse(map, field, value);
        }

        return builder.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, TcpPortConfig> TcpPorts(QuireMap map)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, TcpPortConfig>(StringComparer.Ordinal);
        foreach (var (port, _, value) in map.Entries("tcp-ports"))
        {
            var entry = QuireMap.Of(map.File, $"tcp-ports.{port}", value, value);
            builder[port] = new TcpPortConfig(
                (int)entry.Integer("fd", 0, 0, 65_535),
                entry.String("host", "0.0.0.0"),
                (int)entry.Integer("listen-backlog", 128, 1, int.MaxValue),
                entry.Boolean("reuse-addr", true),
                entry.Boolean("reuse-port", false),
                entry.Boolean("set-non-block", false),
                entry.Boolean("external", false));
            entry.RejectUnknown("a tcp port has fd, host, listen-backlog, reuse-addr, reuse-port, set-non-block and external");
            if (builder[port].Fd is 1 or 2)
            {
                throw entry.Error(value, "fd", string.Create(CultureInfo.InvariantCulture, $"fd {builder[port].Fd} is stdout/stderr"));
            }
        }

        return builder.ToImmutable();
    }
}
