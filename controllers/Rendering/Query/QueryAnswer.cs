namespace Verwalter.Rendering.Query;

/// <summary>What a <c>query.wasm</c> export answered: the <c>Ok</c> value, or the <c>Err</c> object (<c>kind</c>, <c>message</c>, ...), as UTF-8 JSON.</summary>
public sealed record QueryAnswer(bool Ok, byte[] Json);
