// lib/util.js: small helpers shared by the scheduler modules.

/** Byte-order (code unit) comparison of two strings, for sort(). */
export function byteCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Own keys of a map, sorted by byte order; [] for anything else. */
export function sortedKeys(t) {
  return isMap(t) ? Object.keys(t).sort(byteCompare) : [];
}

/** An integer value, or undefined. */
export function int(v) {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** A non-negative integer, or undefined. */
export function count(v) {
  const i = int(v);
  return i !== undefined && i >= 0 ? i : undefined;
}

/** Copy of a map with integer values > 0. */
export function copyCounts(t) {
  const out = {};
  for (const k of sortedKeys(t)) {
    const n = count(t[k]);
    if (n !== undefined && n > 0) out[k] = n;
  }
  return out;
}

/** "alpha=1 beta=2", or "(none)" for an empty map. */
export function countsText(t) {
  const parts = sortedKeys(t).map((k) => `${k}=${t[k]}`);
  return parts.length === 0 ? '(none)' : parts.join(' ');
}

export function sameCounts(a, b) {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

/** A value as Lua's tostring shows it in the log. */
export const show = (v) => (v === undefined || v === null ? 'nil' : String(v));
