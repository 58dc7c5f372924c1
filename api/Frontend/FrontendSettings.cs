namespace Verwalter.Api.Frontend;

/// <summary>Where frontends come from: <c>&lt;config&gt;/frontend/NAME</c>, and which one <c>/</c> serves.</summary>
internal sealed record FrontendSettings(string ConfigDir, string DefaultFrontend)
{
    /// <summary>The embedded UI's name; a <c>&lt;config&gt;/frontend/common</c> folder replaces it.</summary>
    public const string Common = "common";

    public string FrontendDir => Path.Join(ConfigDir, "frontend");

    public string WasmDir => Path.Join(ConfigDir, "scheduler", "v1");
}
