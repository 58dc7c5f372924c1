namespace Verwalter.Rendering.Commands;

/// <summary>
/// Which command of which unit is running, for the error message of a failure:
/// <c>&lt;unit&gt;: command 3 (Cmd ["false"]) exited with code 1</c>. Sub-commands of a
/// <c>!Condition</c> are numbered <c>3.1</c>, <c>3.2</c>….
/// </summary>
internal sealed record CommandStep(string Unit, string Number, string Description)
{
    public RenderException Fail(string what, Exception? inner = null) =>
        new(RenderFailure.Commands, $"{Unit}: command {Number} ({Description}) {what}", inner);
}
