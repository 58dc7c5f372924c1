// The shadow schedulers (GET /v1/shadow, leader only): each one's last run and its differences
// from the main schedule (GET /v1/shadow/NAME/schedule).
import { getJson } from "../api";
import { Card, Problem, Short, useLoad } from "../components";
import { Ago } from "../time";

interface ShadowSummary {
  engine: string;
  ok: boolean;
  error: string | null;
  hash: string | null;
  main_hash: string | null;
  differences: number;
  at: string;
  duration_ms: number;
}

interface Shadow extends ShadowSummary {
  name: string;
  diff: string[];
}

async function loadShadows(): Promise<Shadow[]> {
  const list = await getJson<{ shadows: Record<string, ShadowSummary> }>("/v1/shadow");
  const names = Object.keys(list.shadows).sort();
  return Promise.all(
    names.map(async (name) => {
      const summary = list.shadows[name];
      const diff = summary.ok && summary.differences > 0
        ? (await getJson<{ diff?: string[] }>(`/v1/shadow/${encodeURIComponent(name)}/schedule`)).diff ?? []
        : [];
      return { ...summary, name, diff };
    }),
  );
}

/** Shown on the leader only, and only when shadows exist. */
export function Shadows() {
  const { data, error } = useLoad(loadShadows);
  if (!data || data.length === 0) {
    return error ? <Problem error={error} /> : null;
  }
  return (
    <Card title={`Shadow schedulers (${data.length})`}>
      <Problem error={error} />
      <ul class="shadows" data-testid="shadows">
        {data.map((s) => (
          <li key={s.name} data-testid={`shadow-${s.name}`}>
            <strong>{s.name}</strong> <span class="muted">{s.engine}, ran <Ago at={s.at} /> in {s.duration_ms} ms</span>{" "}
            {!s.ok ? (
              <span class="pill bad">failed</span>
            ) : s.differences === 0 ? (
              <span class="pill ok">same as the main schedule</span>
            ) : (
              <span class="pill bad">{s.differences} {s.differences === 1 ? "difference" : "differences"}</span>
            )}
            {s.ok ? <> <Short value={s.hash} /></> : null}
            {s.error ? <pre class="log problem">{s.error}</pre> : null}
            {s.diff.length > 0 ? <pre class="log" data-testid={`shadow-diff-${s.name}`}>{s.diff.join("\n")}</pre> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
