using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Verwalter.Supervision;

/// <summary>
/// A declared container variable: <c>!TcpPort</c> (optionally <c>{activation: systemd}</c>),
/// <c>!Name</c>, <c>!DottedName</c> or <c>!Choice [..]</c>.
/// </summary>
internal sealed partial record VariableType(VariableKind Kind, ImmutableArray<string> Choices, bool SystemdActivation)
{
    /// <summary>Why <paramref name="value"/> does not fit, or null when it does.</summary>
    public string? Check(string value, SandboxDefinition sandbox) => Kind switch
    {
        VariableKind.TcpPort when !ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            => $"'{value}' is not a TCP port (0-65535)",
        VariableKind.TcpPort when sandbox.BridgedNetwork is null && !IdRange.AnyContains(sandbox.AllowTcpPorts, long.Parse(value, CultureInfo.InvariantCulture))
            => $"port {value} is outside the sandbox's allow-tcp-ports [{string.Join(", ", sandbox.AllowTcpPorts)}]",
        VariableKind.Name when !NamePattern().IsMatch(value) => $"'{value}' may only use letters, digits, '_' and '-'",
        VariableKind.DottedName when !DottedNamePattern().IsMatch(value)
            => $"'{value}' must be dot-separated names of letters, digits, '_' and '-', no part empty or starting or ending with '-'",
        VariableKind.Choice when !Choices.Contains(value) => $"'{value}' is not one of [{string.Join(", ", Choices)}]",
        _ => null,
    };

    public bool Equals(VariableType? other) =>
        other is not null && Kind == other.Kind && SystemdActivation == other.SystemdActivation && Choices.SequenceEqual(other.Choices);

    public override int GetHashCode() => HashCode.Combine(Kind, SystemdActivation, Choices.Length);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^([A-Za-z0-9_]|[A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9_])(\.([A-Za-z0-9_]|[A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9_]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedNamePattern();
}
