// "12 s ago" with the absolute time in the title, refreshed every second.
import { useEffect, useState } from "preact/hooks";

export function ago(ms: number, now: number): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 0) {
    return `in ${-s} s`;
  }
  if (s < 60) {
    return `${s} s ago`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ago`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h ago`;
  }
  return `${Math.floor(s / 86400)} d ago`;
}

export function toMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "number") {
    return value;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Ago({ at }: { at: string | number | null | undefined }) {
  const now = useNow();
  const ms = toMs(at);
  if (ms === null) {
    return <span class="muted">never</span>;
  }
  const absolute = new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={new Date(ms).toISOString()} title={absolute}>
      {ago(ms, now)}
    </time>
  );
}
