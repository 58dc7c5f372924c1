namespace Verwalter.Scheduling.JavaScript;

/// <summary>
/// Script run in every fresh engine before the scheduler's modules: <c>console</c> writing to the
/// run's log through one host function, and a seeded <c>Math.random</c> so a run depends only on its
/// input. It returns the function that re-seeds <c>Math.random</c>, called before every run.
/// </summary>
internal static class JsPrelude
{
    public const string HostLogName = "__verwalter_log";

    public const string Code = """
        (function (host) {
          'use strict';
          const show = (x) => typeof x === 'string' ? x
            : (x !== null && typeof x === 'object') ? (() => { try { return JSON.stringify(x); } catch (e) { return String(x); } })()
            : String(x);
          const line = (level) => (...args) => host(level, args.map(show).join(' '));
          const console = Object.freeze({ log: line(''), info: line(''), debug: line(''), warn: line('warn: '), error: line('error: ') });
          Object.defineProperty(globalThis, 'console', { value: console, writable: false, enumerable: false, configurable: false });
          let seed = 0x2545F491;
          Math.random = function () {
            seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
            return (seed >>> 0) / 4294967296;
          };
          return function () { seed = 0x2545F491; };
        })
        """;
}
