using System.Globalization;
using Wasmtime;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// A compiled module that follows the original verwalter ABI: the host writes the request JSON at
/// <c>alloc(len)</c>, calls an entry <c>(ptr, len) -> ptr</c>, deallocs the request, reads one
/// JSON value at the returned offset and deallocs it. Every call runs under a deadline (epoch
/// interruption), fuel, a memory cap and a stack limit; after any failure the instance is
/// discarded and the next call instantiates a fresh one from the compiled module. Not
/// thread-safe: the owner serialises calls.
/// </summary>
internal sealed class WasmAbiModule : IDisposable
{
    private readonly Engine _engine;
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly WasmLimits _limits;
    private readonly IReadOnlyList<string> _entries;
    private readonly TimeProvider _time;
    private WasmInstance? _instance;
    private bool _disposed;

    private WasmAbiModule(string file, Engine engine, Module module, Linker linker, WasmLimits limits, IReadOnlyList<string> entries, TimeProvider time)
    {
        File = file;
        _engine = engine;
        _module = module;
        _linker = linker;
        _limits = limits;
        _entries = entries;
        _time = time;
    }

    /// <summary>The module's path as messages name it (relative to the config dir).</summary>
    public string File { get; }

    /// <summary>What the last call logged through the host (panics), drained by <see cref="Call"/>.</summary>
    public string LastLog { get; private set; } = "";

    /// <summary>Compiles and instantiates the module once, so a bad file fails at load, not at the first run.</summary>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>, naming <paramref name="file"/>.</exception>
    public static WasmAbiModule Load(string file, ReadOnlySpan<byte> bytes, IReadOnlyList<string> entries, WasmLimits limits, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(limits);
        using var config = new Config();
        config.WithEpochInterruption(true).WithFuelConsumption(true).WithMaximumStackSize(limits.StackBytes);
        var engine = new Engine(config);
        Module? module = null;
        Linker? linker = null;
        try
        {
            module = Module.FromBytes(engine, Path.GetFileName(file), bytes);
            WasmHostImports.Check(module);
            linker = new Linker(engine);
            WasmHostImports.Define(linker);
            var loaded = new WasmAbiModule(file, engine, module, linker, limits, entries, time ?? TimeProvider.System);
            loaded._instance = loaded.Instantiate();
            return loaded;
        }
        catch (Exception ex) when (ex is WasmtimeException or WasmCallException)
        {
            linker?.Dispose();
            module?.Dispose();
            engine.Dispose();
            var kind = ex is WasmCallException call && call.Kind != SchedulerErrorKind.Runtime ? call.Kind : SchedulerErrorKind.Load;
            throw new SchedulerException(kind == SchedulerErrorKind.Timeout ? kind : SchedulerErrorKind.Load, $"{file}: {FirstLines(ex.Message)}");
        }
    }

    /// <summary>Calls <paramref name="entry"/> with <paramref name="request"/> and returns the JSON value it answered.</summary>
    /// <exception cref="SchedulerException">Trap, limit, panic or a bad result; the message names the file and the entry.</exception>
    public byte[] Call(string entry, ReadOnlySpan<byte> request)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var instance = _instance;
        try
        {
            instance ??= _instance = Instantiate();
            instance.State.Reset();
            byte[] result;
            using (Arm(instance.Store))
            {
                result = CallOnce(instance, entry, request);
            }

            LastLog = instance.State.DrainLog();
            if (instance.State.Panic is { } panic)
            {
                throw new WasmCallException(SchedulerErrorKind.Runtime, panic);
            }

            return result;
        }
        catch (Exception ex) when (ex is WasmtimeException or WasmCallException)
        {
            var log = instance?.State.DrainLog() ?? "";
            LastLog = log;
            var panic = instance?.State.Panic;
            var (kind, message) = Classify(ex, instance);
            Discard();
            if (panic is not null && ex is TrapException)
            {
                (kind, message) = (SchedulerErrorKind.Runtime, panic);
            }

            throw new SchedulerException(kind, $"{File}: {entry}: {message}", log);
        }
    }

    private static byte[] CallOnce(WasmInstance instance, string entry, ReadOnlySpan<byte> request)
    {
        var ptr = instance.Alloc(request.Length);
        var length = instance.Memory.GetLength();
        if (ptr < 0 || (long)ptr + request.Length > length)
        {
            throw new WasmCallException(SchedulerErrorKind.InvalidResult, $"alloc({request.Length}) returned offset {ptr}, outside memory ({length} bytes)");
        }

        request.CopyTo(instance.Memory.GetSpan(ptr, request.Length));
        var returned = instance.Entry(entry)(ptr, request.Length);
        instance.Dealloc(ptr);
        var result = WasmJsonValue.Read(instance.Memory.GetSpan(0, checked((int)instance.Memory.GetLength())), returned);
        instance.Dealloc(returned);
        return result;
    }

    /// <summary>Instantiates under the same limits as a call, since the module's start function runs here.</summary>
    private WasmInstance Instantiate()
    {
        using var timer = StartDeadline();
        return WasmInstance.Create(_engine, _linker, _module, _limits, _entries, Refuel);
    }

    /// <summary>Refuels and starts the deadline: one epoch tick, made by a timer, interrupts the code.</summary>
    private ITimer Arm(Store store)
    {
        Refuel(store);
        return StartDeadline();
    }

    private void Refuel(Store store)
    {
        store.Fuel = (ulong)_limits.Fuel;
        store.SetEpochDeadline(1);
    }

    private ITimer StartDeadline() =>
        _time.CreateTimer(static e => ((Engine)e!).IncrementEpoch(), _engine, _limits.Deadline, Timeout.InfiniteTimeSpan);

    private (SchedulerErrorKind Kind, string Message) Classify(Exception ex, WasmInstance? instance)
    {
        if (ex is WasmCallException call)
        {
            return (call.Kind, call.Message);
        }

        if (ex is TrapException trap)
        {
            switch (trap.Type)
            {
                case TrapCode.OutOfFuel:
                    return (SchedulerErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture, $"instruction budget of {_limits.Fuel} exhausted"));
                case TrapCode.Interrupt:
                    return (SchedulerErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture, $"deadline of {_limits.Deadline.TotalMilliseconds:0} ms exceeded"));
                case TrapCode.StackOverflow:
                    return (SchedulerErrorKind.Stack, string.Create(CultureInfo.InvariantCulture, $"stack overflow (wasm stack limit {_limits.StackBytes / 1024} KiB)"));
            }

            // Store limits make memory.grow return -1, and compiled code then aborts (a trap):
            // a trap with memory close to the cap is reported as the memory limit.
            if (instance is not null && instance.Memory.GetLength() + Math.Max(1024 * 1024, _limits.MemoryBytes / 16) > _limits.MemoryBytes)
            {
                return (SchedulerErrorKind.Memory, string.Create(CultureInfo.InvariantCulture, $"memory limit of {_limits.MemoryBytes / (1024 * 1024)} MiB reached ({FirstLines(trap.Message)})"));
            }
        }

        return (SchedulerErrorKind.Runtime, FirstLines(ex.Message));
    }

    private static string FirstLines(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("; ", lines.Take(4));
    }

    private void Discard()
    {
        _instance?.Dispose();
        _instance = null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Discard();
        _linker.Dispose();
        _module.Dispose();
        _engine.Dispose();
    }
}
