namespace Verwalter.Rendering.Tera;

/// <summary>A <c>{% macro name(params) %}</c>: its parameters (with their default, if any) and body.</summary>
internal sealed record TeraMacro(string Name, IReadOnlyList<KeyValuePair<string, TeraExpr?>> Parameters, IReadOnlyList<TeraNode> Body);
