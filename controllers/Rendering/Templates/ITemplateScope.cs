namespace Verwalter.Rendering.Templates;

/// <summary>
/// The template folder a render runs in: what include, import and extends may reach (only
/// templates loaded from that folder, through the same path checks) and how a file is named in messages.
/// </summary>
internal interface ITemplateScope
{
    /// <summary>The template at <paramref name="relativePath"/> (forward slashes), or null.</summary>
    CompiledTemplate? Find(string relativePath);

    /// <summary>How <paramref name="relativePath"/> is named in messages (<c>templates/role/v1/x.tera</c>).</summary>
    string Display(string relativePath);
}
