// lib/semver.js: version keys such as "v1.10.0" or "v4.0.0-rc1".
//
// Optional "v", dot-separated numbers, an optional "-prerelease" and an optional "+build"
// (ignored). Numbers compare numerically (missing parts count as 0), a pre-release sorts before
// the release, numeric identifiers before alphanumeric ones; ties fall back to the text.
import { byteCompare } from './util.js';

const DIGITS = /^\d+$/;

function compareDigits(a, b) {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  return x.length !== y.length ? (x.length < y.length ? -1 : 1) : byteCompare(x, y);
}

function splitIds(text) {
  const ids = text.split('.');
  return ids.includes('') ? undefined : ids;
}

/** {text, numbers, pre} or undefined. */
export function parse(text) {
  if (typeof text !== 'string') return undefined;
  const body = text.replace(/^v/, '').replace(/\+[A-Za-z0-9.-]*$/, '');
  const m = /^([0-9.]+)-([A-Za-z0-9.-]+)$/.exec(body);
  const core = m ? m[1] : body;
  if (!/^\d+$/.test(core) && !/^\d+[\d.]*\d$/.test(core)) return undefined;
  const numbers = splitIds(core);
  if (!numbers) return undefined;
  let pre;
  if (m) {
    pre = splitIds(m[2]);
    if (!pre) return undefined;
  }
  return { text, numbers, pre };
}

/** -1, 0 or 1. */
export function compare(a, b) {
  const n = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a.numbers[i] ?? '0', b.numbers[i] ?? '0');
    if (c !== 0) return c;
  }
  if (a.pre && !b.pre) return -1;
  if (b.pre && !a.pre) return 1;
  if (a.pre) {
    const m = Math.max(a.pre.length, b.pre.length);
    for (let i = 0; i < m; i++) {
      const [x, y] = [a.pre[i], b.pre[i]];
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      const [xn, yn] = [DIGITS.test(x), DIGITS.test(y)];
      const c = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : byteCompare(x, y);
      if (c !== 0) return c;
    }
  }
  return byteCompare(a.text, b.text);
}

export const isPrerelease = (v) => v.pre !== undefined;
