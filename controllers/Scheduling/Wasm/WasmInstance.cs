using Wasmtime;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// One instantiation of a module in its own store: linear memory, the ABI's <c>alloc</c> and
/// <c>dealloc</c>, and the entry points by name. Thrown away after any failed call.
/// </summary>
internal sealed class WasmInstance : IDisposable
{
    private readonly Dictionary<string, Func<int, int, int>> _entries;

    private WasmInstance(Store store, WasmCallState state, Memory memory, Func<int, int> alloc, Action<int> dealloc, Dictionary<string, Func<int, int, int>> entries)
    {
        Store = store;
        State = state;
        Memory = memory;
        Alloc = alloc;
        Dealloc = dealloc;
        _entries = entries;
    }

    public Store Store { get; }

    public WasmCallState State { get; }

    public Memory Memory { get; }

    public Func<int, int> Alloc { get; }

    public Action<int> Dealloc { get; }

    public Func<int, int, int> Entry(string name) => _entries[name];

    /// <summary>Instantiates (running the module's start function) and looks up the exports.</summary>
    /// <exception cref="WasmCallException">A missing or mistyped export.</exception>
    public static WasmInstance Create(Engine engine, Linker linker, Module module, WasmLimits limits, IReadOnlyList<string> entries, Action<Store> arm)
    {
        var state = new WasmCallState();
        var store = new Store(engine, state);
        try
        {
            store.SetLimits(memorySize: limits.MemoryBytes, instances: 1, tables: 4, memories: 1);
            arm(store);
            var instance = linker.Instantiate(store, module);
            var memory = instance.GetMemory("memory")
                ?? throw new WasmCallException(SchedulerErrorKind.Load, "the module does not export \"memory\"");
            var alloc = instance.GetFunction<int, int>("alloc")
                ?? throw new WasmCallException(SchedulerErrorKind.Load, "the module does not export \"alloc(i32) -> i32\"");
            var dealloc = instance.GetAction<int>("dealloc")
                ?? throw new WasmCallException(SchedulerErrorKind.Load, "the module does not export \"dealloc(i32)\"");
            var found = new Dictionary<string, Func<int, int, int>>(StringComparer.Ordinal);
            foreach (var name in entries)
            {
                found[name] = instance.GetFunction<int, int, int>(name)
                    ?? throw new WasmCallException(SchedulerErrorKind.Load, $"the module does not export \"{name}(i32, i32) -> i32\"");
            }

            return new WasmInstance(store, state, memory, alloc, dealloc, found);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose() => Store.Dispose();
}
