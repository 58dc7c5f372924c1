using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Wasmtime;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// The only imports a module may have, all under <c>env</c>: the panic hook and the few libm
/// functions a Rust module compiled for <c>wasm32-unknown-unknown</c> links against (the set the
/// original host offered). Anything else fails the load with the import's name.
/// </summary>
internal static class WasmHostImports
{
    public const string ModuleName = "env";

    private static readonly FrozenSet<string> Allowed = FrozenSet.Create(
        StringComparer.Ordinal, "log_panic", "pow", "fmod", "exp2", "exp2f", "ldexp", "ldexpf", "log10", "log10f");

    /// <exception cref="WasmCallException">An import outside the allowed set.</exception>
    public static void Check(Module module)
    {
        foreach (var import in module.Imports)
        {
            if (import.ModuleName != ModuleName || !Allowed.Contains(import.Name) || import is not FunctionImport)
            {
                throw new WasmCallException(
                    SchedulerErrorKind.Load,
                    $"unknown import \"{import.ModuleName}\".\"{import.Name}\"; a module may import only env.{string.Join(", env.", Allowed.Order(StringComparer.Ordinal))}");
            }
        }
    }

    public static void Define(Linker linker)
    {
        linker.DefineFunction(ModuleName, "log_panic", (Caller caller, int payload, int payloadLength, int file, int fileLength, int line) =>
        {
            var memory = caller.GetMemory("memory");
            var text = Text(memory, payload, payloadLength);
            var where = Text(memory, file, fileLength);
            var message = string.Create(CultureInfo.InvariantCulture, $"Scheduler panicked at {where}:{line}: {text}");
            (caller.GetData() as WasmCallState)?.ReportPanic(message);
        });
        linker.DefineFunction(ModuleName, "pow", (double x, double y) => Math.Pow(x, y));
        linker.DefineFunction(ModuleName, "fmod", (double x, double y) => x % y);
        linker.DefineFunction(ModuleName, "exp2", (double x) => Math.Pow(2, x));
        linker.DefineFunction(ModuleName, "exp2f", (float x) => MathF.Pow(2, x));
        linker.DefineFunction(ModuleName, "ldexp", (double x, int e) => Math.ScaleB(x, e));
        linker.DefineFunction(ModuleName, "ldexpf", (float x, int e) => MathF.ScaleB(x, e));
        linker.DefineFunction(ModuleName, "log10", (double x) => Math.Log10(x));
        linker.DefineFunction(ModuleName, "log10f", (float x) => MathF.Log10(x));
    }

    private static string Text(Memory? memory, int offset, int length)
    {
        if (memory is null || offset < 0 || length < 0 || (long)offset + length > memory.GetLength())
        {
            return string.Create(CultureInfo.InvariantCulture, $"<{length} bytes at {offset}: outside memory>");
        }

        return Encoding.UTF8.GetString(memory.GetSpan(offset, length));
    }
}
