namespace Verwalter.Scheduling.Lua;

/// <summary>A table key as written to JSON: its UTF-8 name, and the integer it was when it was one.</summary>
internal readonly record struct LuaJsonKey(byte[] Name, long? Integer);
