// A collapsible JSON tree (details/summary, so it works with the keyboard) and a structural diff.
import type { Json } from "./types";

function preview(value: Json): string {
  if (Array.isArray(value)) {
    return `[${value.length}]`;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    return `{${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}}`;
  }
  return JSON.stringify(value);
}

function Scalar({ value }: { value: Json }) {
  const kind = value === null ? "null" : typeof value;
  return <span class={`j-${kind}`}>{JSON.stringify(value)}</span>;
}

export function JsonTree({ name, value, depth = 0 }: { name?: string; value: Json; depth?: number }) {
  const label = name === undefined ? null : <span class="j-key">{name}: </span>;
  if (value === null || typeof value !== "object") {
    return (
      <div class="j-leaf">
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: Array<[string, Json]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return (
    <details open={depth < 2} class="j-node">
      <summary>
        {label}
        <span class="muted">{preview(value)}</span>
      </summary>
      {entries.map(([k, v]) => (
        <JsonTree key={k} name={k} value={v} depth={depth + 1} />
      ))}
    </details>
  );
}

export interface Change {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: Json;
  after?: Json;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

export function diff(before: Json | undefined, after: Json | undefined, path = "", out: Change[] = [], limit = 500): Change[] {
  if (out.length >= limit) {
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) {
      diff(before[k], after[k], path ? `${path}.${k}` : k, out, limit);
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((b, i) => diff(b, after[i], `${path}[${i}]`, out, limit));
    return out;
  }
  if (before === undefined && after !== undefined) {
    out.push({ path, kind: "added", after });
  } else if (after === undefined && before !== undefined) {
    out.push({ path, kind: "removed", before });
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({ path, kind: "changed", before, after });
  }
  return out;
}

export function Diff({ changes }: { changes: Change[] }) {
  if (changes.length === 0) {
    return <p class="muted">No differences.</p>;
  }
  return (
    <ul class="diff" data-testid="diff">
      {changes.map((c) => (
        <li key={c.path} class={`d-${c.kind}`}>
          <code>{c.path || "(root)"}</code>{" "}
          {c.kind === "added" ? <>added <code>{preview(c.after ?? null)}</code></> : null}
          {c.kind === "removed" ? <>removed <code>{preview(c.before ?? null)}</code></> : null}
          {c.kind === "changed" ? <><code>{preview(c.before ?? null)}</code> → <code>{preview(c.after ?? null)}</code></> : null}
        </li>
      ))}
    </ul>
  );
}
