using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using AstModule = Acornima.Ast.Module;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime.Interop;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling.JavaScript;

/// <summary>
/// A loaded JavaScript scheduler: <c>main.js</c> (an ES module exporting <c>scheduler(input)</c>)
/// and its imports, parsed once. One warm Jint engine (limits, console, modules evaluated) serves
/// the runs while they succeed, as the Lua state does; any failed run drops it, and the next run
/// gets a fresh engine with the modules evaluated anew, so nothing a failed run did (a fault, a
/// global, a leak) survives it. Each run resets the limits' counters and the <c>Math.random</c>
/// seed. No CLR access: no <c>AllowClr</c>, no host objects but one logging function. Not
/// thread-safe: one schedule loop owns it.
/// </summary>
internal sealed class JsScheduler : ISchedulerEngine
{
    public const string Engine = "js";
    public const string EntryFile = "main.js";

    /// <summary>Log text kept per run; more is cut with a note.</summary>
    public const int MaxLogChars = 1024 * 1024;

    private readonly SchedulerLimits _limits;
    private readonly IRunWatchdog _watchdog;
    private readonly JsModuleLoader _loader;
    private Warm? _warm;
    private StringBuilder _log = new();
    private bool _disposed;

    private JsScheduler(SchedulerLimits limits, IRunWatchdog watchdog, JsModuleLoader loader)
    {
        _limits = limits;
        _watchdog = watchdog;
        _loader = loader;
    }

    public string EngineName => Engine;

    /// <summary>Parses every module and evaluates main.js once, which must export a function <c>scheduler</c>.</summary>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>, naming file:line:column.</exception>
    public static JsScheduler Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog? watchdog = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        if (!source.Files.ContainsKey(EntryFile))
        {
            throw new SchedulerException(SchedulerErrorKind.Load, $"{EntryFile}: no such file in {source.Directory}");
        }

        var parsed = ImmutableDictionary.CreateBuilder<string, Prepared<AstModule>>(StringComparer.Ordinal);
        foreach (var (key, code) in source.Files)
        {
            if (!key.EndsWith(".js", StringComparison.Ordinal) && !key.EndsWith(".mjs", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                parsed[key] = Jint.Engine.PrepareModule(Encoding.UTF8.GetString(code), key);
            }
            catch (Exception ex) when ((ex as Acornima.ParseErrorException ?? ex.InnerException as Acornima.ParseErrorException) is { } parse)
            {
                var at = $"{key}:{parse.LineNumber}:{parse.Column}";
                throw new SchedulerException(SchedulerErrorKind.Load, $"{at}: syntax error: {parse.Error?.Description ?? parse.Message}") { Location = at };
            }
        }

        var scheduler = new JsScheduler(limits, watchdog ?? ProcessExitWatchdog.Shared, new JsModuleLoader(parsed.ToImmutable()));
        using (scheduler._watchdog.Arm(limits.Deadline + limits.WatchdogGrace, "scheduler load"))
        {
            var log = new StringBuilder();
            try
            {
                scheduler._log = log;
                scheduler._warm = scheduler.Evaluate(log);
            }
            catch (SchedulerException ex)
            {
                throw new SchedulerException(SchedulerErrorKind.Load, "loading main.js failed: " + ex.Message, ex.Log) { Location = ex.Location };
            }
        }

        return scheduler;
    }

    public SchedulerOutput Run(ReadOnlySpan<byte> inputJson)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var log = new StringBuilder();
        _log = log;
        var input = inputJson.ToArray();
        using (_watchdog.Arm(_limits.Deadline + _limits.WatchdogGrace, "scheduler run"))
        {
            var failed = true;
            try
            {
                var (engine, scheduler, reset) = _warm ??= Evaluate(log);
                var result = JsErrors.Guard(_limits, log, () =>
                {
                    engine.Constraints.Reset();
                    _ = engine.Invoke(reset);
                    var value = new JsonParser(engine).Parse(input.AsSpan());
                    var returned = engine.Invoke(scheduler, value);
                    if (returned.IsUndefined() || returned is Jint.Native.Function.Function)
                    {
                        throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"scheduler returned {(returned.IsUndefined() ? "undefined" : "a function")}; it must return the schedule object", log.ToString());
                    }

                    var buffer = new ArrayBufferWriter<byte>(64 * 1024);
                    new JsonSerializer(engine).Serialize(returned, buffer);
                    return buffer.WrittenSpan.ToArray();
                });
                failed = false;
                return new SchedulerOutput(result, log.ToString());
            }
            finally
            {
                // A failed run's engine (it may have stopped at the memory limit) is dropped and given back.
                if (failed)
                {
                    _warm = null;
                    SchedulerMemory.CompactManagedHeap();
                }
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _warm = null;
    }

    /// <summary>A fresh engine with the prelude and the modules evaluated: it, the <c>scheduler</c> export and the prelude's per-run reset.</summary>
    private Warm Evaluate(StringBuilder log)
    {
        var engine = new Jint.Engine(options =>
        {
            options.LimitMemory(_limits.MemoryBytes);
            options.TimeoutInterval(_limits.Deadline);
            options.MaxStatements((int)Math.Min(_limits.InstructionBudget, int.MaxValue));
            options.LimitRecursion(_limits.MaxRecursionDepth);
            options.Constraints.RegexTimeout = _limits.RegexTimeout;
            options.Strict = true;
            options.EnableModules(_loader);
        });
        return JsErrors.Guard(_limits, log, () =>
        {
            // The log of the run under way: the engine outlives one run, its console writes to the current one.
            var host = new ClrFunction(engine, JsPrelude.HostLogName, (_, args) =>
            {
                Append(_log, args.Length > 0 ? args[0].ToString() : "", args.Length > 1 ? args[1].ToString() : "");
                return JsValue.Undefined;
            });
            var reset = engine.Invoke(engine.Evaluate(JsPrelude.Code, "prelude"), host);
            engine.Constraints.Reset();
            var module = engine.Modules.Import(EntryFile);
            var scheduler = module.Get("scheduler");
            if (scheduler is not Jint.Native.Function.Function)
            {
                throw new SchedulerException(SchedulerErrorKind.Load, $"{EntryFile} must export a function 'scheduler' (export function scheduler(input) {{ ... }})", log.ToString()) { Location = EntryFile };
            }

            return new Warm(engine, scheduler, reset);
        });
    }

    private sealed record Warm(Jint.Engine Engine, JsValue Scheduler, JsValue Reset);

    private static void Append(StringBuilder log, string prefix, string text)
    {
        if (log.Length >= MaxLogChars)
        {
            return;
        }

        log.Append(prefix).Append(text).Append('\n');
        if (log.Length >= MaxLogChars)
        {
            log.Length = MaxLogChars;
            log.Append("\n[log cut at ").Append(MaxLogChars).Append(" characters]\n");
        }
    }
}
