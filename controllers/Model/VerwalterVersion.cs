using System.Reflection;

namespace Verwalter.Model;

/// <summary>
/// The version every part reports: <c>verwalter --version</c>, <c>/v1/status</c>, and the
/// <c>verwalter_version</c> render variable that <c>verwalter render</c> checks.
/// </summary>
public static class VerwalterVersion
{
    public static string Current { get; } =
        typeof(VerwalterVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
