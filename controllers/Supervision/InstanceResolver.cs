using System.Collections.Immutable;
using System.Globalization;
using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>Makes one validated entry concrete for instance <c>i</c>: identity plus substituted container settings.</summary>
internal static class InstanceResolver
{
    public static DesiredInstance Resolve(string file, SandboxDefinition sandbox, ProcessEntry entry, ContainerConfig container, int index)
    {
        var key = new InstanceKey(sandbox.Name, entry.Name, index);
        var values = new Dictionary<string, string>(entry.Variables, StringComparer.Ordinal)
        {
            [ProcessValidator.NameBuiltin] = key.ToString(),
            [ProcessValidator.ConfigBuiltin] = entry.Config,
        };
        string Apply(string text, string where) => VariableSubstitution.TryApply(text, values, out var result, out var unknown)
            ? result
            : throw new LithosConfigException(ProcessValidator.Problem(file, entry, "config", $"{where} uses unknown @{{{unknown}}}"));

        var environ = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in container.Environ)
        {
            environ[name] = VariableSubstitution.IsWholePid(value) ? "@{lithos:pid}" : Apply(value, $"environ {name}");
        }

        var ports = ImmutableSortedDictionary.CreateBuilder<int, TcpPortConfig>();
        foreach (var (portKey, port) in container.TcpPorts)
        {
            var text = Apply(portKey, "tcp-ports");
            if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new LithosConfigException(ProcessValidator.Problem(file, entry, "config", $"tcp-ports key '{text}' is not a port"));
            }

            // Checked after substitution: a key built from a !Name or !Choice variable (or text around
            // one) is only a number now, and the supervisor binds it as root on the host network.
            if ((sandbox.BridgedNetwork is null || port.External) && !IdRange.AnyContains(sandbox.AllowTcpPorts, number))
            {
                throw new LithosConfigException(ProcessValidator.Problem(file, entry, "config",
                    $"tcp-ports key '{portKey}' gives port {number}, outside the sandbox's allow-tcp-ports [{string.Join(", ", sandbox.AllowTcpPorts)}]"));
            }

            ports[number] = port;
        }

        var activation = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            container.Variables.Where(v => v.Value.SystemdActivation)
                .Select(v => KeyValuePair.Create(v.Key, int.Parse(entry.Variables[v.Key], CultureInfo.InvariantCulture))));
        var identity = new InstanceIdentity(
            entry.Image,
            entry.Config,
            entry.Variables,
            entry.ExtraSecretsNamespaces,
            index < entry.IpAddresses.Length ? entry.IpAddresses[index] : null,
            entry.Kind);
        var resolved = new ResolvedContainer(
            container,
            container.UserId ?? sandbox.DefaultUser ?? throw new LithosConfigException(new ConfigProblem(file, entry.Line, null, $"{entry.Name}: no user")),
            container.GroupId ?? sandbox.DefaultGroup,
            [.. container.Arguments.Select(a => Apply(a, "arguments"))],
            environ.ToImmutable(),
            ports.ToImmutable(),
            activation);
        return new DesiredInstance(key, identity, resolved);
    }
}
