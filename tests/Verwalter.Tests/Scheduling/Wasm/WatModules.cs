using System.Text;

namespace Verwalter.Tests.Scheduling.Wasm;

/// <summary>
/// Hand-written WebAssembly text modules that follow the original ABI, compiled to binary by
/// <see cref="Compile"/> (Wasmtime's own WAT parser) or, in the process tests, by <c>wat2wasm</c>.
/// Each module has a bump allocator that grows memory as needed; <c>dealloc</c> records the
/// last pointer it was given in the exported global <c>freed</c>.
/// </summary>
internal static class WatModules
{
    /// <summary>Memory, a bump allocator from 64 KiB up, <c>dealloc</c>, and whatever <paramref name="body"/> adds.</summary>
    public static string Module(string body, string imports = "") => $$"""
        (module
          {{imports}}
          (memory (export "memory") 2)
          (global $top (mut i32) (i32.const 65536))
          (global $freed (export "freed") (mut i32) (i32.const -1))
          (func $alloc (export "alloc") (param $n i32) (result i32)
            (local $p i32)
            (local.set $p (global.get $top))
            (global.set $top (i32.add (global.get $top) (local.get $n)))
            (block $ok
              (loop $grow
                (br_if $ok (i32.le_u (global.get $top) (i32.mul (memory.size) (i32.const 65536))))
                (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
                (br $grow)))
            (local.get $p))
          (func (export "dealloc") (param $p i32) (global.set $freed (local.get $p)))
          {{body}}
        )
        """;

    /// <summary>A data segment at <paramref name="offset"/> holding <paramref name="text"/>, escaped for WAT.</summary>
    public static string Data(int offset, string text) => $"(data (i32.const {offset}) \"{Escape(text)}\")";

    public static int Length(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>An entry that answers the constant <paramref name="json"/> (placed at offset 1024).</summary>
    public static string Constant(string json, string entry = "scheduler") => Module($$"""
        {{Data(1024, json)}}
        (func (export "{{entry}}") (param $ptr i32) (param $len i32) (result i32) (i32.const 1024))
        """);

    /// <summary>Answers <c>{"schedule": {"input": &lt;the input&gt;}, "log": "echo\n"}</c>, proving the input arrives whole.</summary>
    public static string Echo(string entry = "scheduler", string head = "{\"schedule\":{\"input\":", string tail = "},\"log\":\"echo\\n\"}")
    {
        var headLength = Length(head);
        var tailLength = Length(tail);
        return Module($$"""
            {{Data(1024, head)}}
            {{Data(2048, tail)}}
            (func (export "{{entry}}") (param $ptr i32) (param $len i32) (result i32)
              (local $out i32)
              (local.set $out (call $alloc (i32.add (local.get $len) (i32.const {{headLength + tailLength}}))))
              (memory.copy (local.get $out) (i32.const 1024) (i32.const {{headLength}}))
              (memory.copy (i32.add (local.get $out) (i32.const {{headLength}})) (local.get $ptr) (local.get $len))
              (memory.copy (i32.add (i32.add (local.get $out) (i32.const {{headLength}})) (local.get $len)) (i32.const 2048) (i32.const {{tailLength}}))
              (local.get $out))
            """);
    }

    /// <summary>
    /// Counts its calls in a global: the first call of an instance answers <c>fresh: true</c>, later
    /// ones <c>fresh: false</c>; an input of exactly two bytes (<c>{}</c>) traps.
    /// </summary>
    public static string Counter() => Module($$"""
        (global $calls (mut i32) (i32.const 0))
        {{Data(1024, "{\"schedule\":{\"fresh\":true}}")}}
        {{Data(2048, "{\"schedule\":{\"fresh\":false}}")}}
        (func (export "scheduler") (param $ptr i32) (param $len i32) (result i32)
          (if (i32.eq (local.get $len) (i32.const 2)) (then unreachable))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (if (result i32) (i32.eq (global.get $calls) (i32.const 1))
            (then (i32.const 1024)) (else (i32.const 2048))))
        """);

    public static string Trap() => Module("""(func (export "scheduler") (param i32 i32) (result i32) unreachable)""");

    public static string InfiniteLoop() => Module("""(func (export "scheduler") (param i32 i32) (result i32) (loop $l (br $l)) (i32.const 0))""");

    public static string Recursion() => Module("""
        (func $deep (param $n i64) (result i64) (i64.add (call $deep (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
        (func (export "scheduler") (param i32 i32) (result i32) (drop (call $deep (i64.const 0))) (i32.const 0))
        """);

    /// <summary>Grows memory a page at a time until growing fails, then aborts like a Rust allocation failure.</summary>
    public static string MemoryBomb() => Module("""
        (func (export "scheduler") (param i32 i32) (result i32)
          (loop $more
            (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
          unreachable)
        """);

    public static string Panic() => Module(
        $$"""
        {{Data(1024, "no peers given")}}
        {{Data(2048, "src/lib.rs")}}
        (func (export "scheduler") (param i32 i32) (result i32)
          (call $log_panic (i32.const 1024) (i32.const 14) (i32.const 2048) (i32.const 10) (i32.const 42))
          unreachable)
        """,
        """(import "env" "log_panic" (func $log_panic (param i32 i32 i32 i32 i32)))""");

    /// <summary>Uses <c>env.pow</c> and <c>env.fmod</c>: answers <c>ok: true</c> only when pow(2, 10) = 1024 and fmod(7.5, 2) = 1.5.</summary>
    public static string Math() => Module(
        $$"""
        {{Data(1024, "{\"schedule\":{\"ok\":true}}")}}
        {{Data(2048, "{\"schedule\":{\"ok\":false}}")}}
        (func (export "scheduler") (param i32 i32) (result i32)
          (if (result i32)
            (i32.and
              (f64.eq (call $pow (f64.const 2) (f64.const 10)) (f64.const 1024))
              (f64.eq (call $fmod (f64.const 7.5) (f64.const 2)) (f64.const 1.5)))
            (then (i32.const 1024)) (else (i32.const 2048))))
        """,
        """
        (import "env" "pow" (func $pow (param f64 f64) (result f64)))
        (import "env" "fmod" (func $fmod (param f64 f64) (result f64)))
        """);

    public static string UnknownImport() => Module(
        """(func (export "scheduler") (param i32 i32) (result i32) (call $read) (i32.const 0))""",
        """(import "wasi_snapshot_preview1" "fd_read" (func $read))""");

    public static string OutsideMemory() => Module("""(func (export "scheduler") (param i32 i32) (result i32) (i32.const 0x7ffffff0))""");

    /// <summary>
    /// A <c>query.wasm</c>: <c>init</c> keeps a copy of its request; <c>query</c> answers
    /// <c>{"Ok": {"init": &lt;init request&gt;, "body": &lt;body&gt;}}</c>, or an <c>Err</c> of kind
    /// Internal for the two-byte body <c>{}</c>; <c>render_roles</c> answers a fixed plan.
    /// </summary>
    public static string Query()
    {
        const string head = "{\"Ok\":{\"init\":";
        const string middle = ",\"body\":";
        const string tail = "}}";
        const string ok = "{\"Ok\":null}";
        const string error = "{\"Err\":{\"kind\":\"Internal\",\"message\":\"empty query\",\"causes\":null,\"backtrace\":null}}";
        const string roles = "{\"Ok\":{\"to_render\":{\"web\":{\"template\":\"web.hbs\",\"from\":\"query\"}},\"all_roles\":[\"web\",\"db\"]}}";
        int h = Length(head), m = Length(middle), t = Length(tail);
        return Module($$"""
            (global $init (mut i32) (i32.const 0))
            (global $initLength (mut i32) (i32.const 0))
            {{Data(1024, head)}}
            {{Data(1100, middle)}}
            {{Data(1200, tail)}}
            {{Data(1300, ok)}}
            {{Data(1400, error)}}
            {{Data(1600, roles)}}
            (func (export "init") (param $ptr i32) (param $len i32) (result i32)
              (global.set $init (call $alloc (local.get $len)))
              (global.set $initLength (local.get $len))
              (memory.copy (global.get $init) (local.get $ptr) (local.get $len))
              (i32.const 1300))
            (func (export "render_roles") (param i32 i32) (result i32) (i32.const 1600))
            (func (export "query") (param $ptr i32) (param $len i32) (result i32)
              (local $out i32) (local $at i32)
              (if (i32.eq (local.get $len) (i32.const 2)) (then (return (i32.const 1400))))
              (local.set $out (call $alloc (i32.add (i32.add (local.get $len) (global.get $initLength)) (i32.const {{h + m + t}}))))
              (memory.copy (local.get $out) (i32.const 1024) (i32.const {{h}}))
              (local.set $at (i32.add (local.get $out) (i32.const {{h}})))
              (memory.copy (local.get $at) (global.get $init) (global.get $initLength))
              (local.set $at (i32.add (local.get $at) (global.get $initLength)))
              (memory.copy (local.get $at) (i32.const 1100) (i32.const {{m}}))
              (local.set $at (i32.add (local.get $at) (i32.const {{m}})))
              (memory.copy (local.get $at) (local.get $ptr) (local.get $len))
              (local.set $at (i32.add (local.get $at) (local.get $len)))
              (memory.copy (local.get $at) (i32.const 1200) (i32.const {{t}}))
              (local.get $out))
            """);
    }

    public static byte[] Compile(string wat) => global::Wasmtime.Module.ConvertText(wat);

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and < 0x7f && b != '"' && b != '\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
