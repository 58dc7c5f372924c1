// Small pieces shared by the pages.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { revision } from "./live";
import { useSignal } from "./signal";

export function Card({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Problem({ error }: { error: unknown }) {
  if (!error) {
    return null;
  }
  return <p class="problem" role="alert">{error instanceof Error ? error.message : String(error)}</p>;
}

export function Short({ value, n = 12 }: { value: string | null | undefined; n?: number }) {
  if (!value) {
    return <span class="muted">none</span>;
  }
  return <code title={value}>{value.length > n ? value.slice(0, n) + "…" : value}</code>;
}

/** Loads data; reloads it when deps change and, with follow, on every live status event. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = [], follow = true): { data: T | null; error: unknown } {
  const current = useSignal(revision);
  const rev = follow ? current : 0;
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error })),
    );
    return () => {
      live = false;
    };
  }, [rev, ...deps]);
  return state;
}
