namespace Verwalter.Scheduling.Lua;

/// <summary>A Lua value cannot be written as JSON, or JSON cannot be pushed as a Lua value.</summary>
internal sealed class LuaConversionException : Exception
{
    public LuaConversionException() { }

    public LuaConversionException(string message) : base(message) { }

    public LuaConversionException(string message, Exception inner) : base(message, inner) { }
}
