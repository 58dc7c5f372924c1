import { useRef } from "preact/hooks";
import { getJson, HttpError, request } from "../api";
import { Card, Problem, Short, useLoad } from "../components";
import { Diff, diff, JsonTree } from "../jsontree";
import { Ago } from "../time";
import { Shadows } from "./shadows";
import type { Json, ScheduleEnvelope, Status } from "../types";

async function optionalText(path: string): Promise<string | null> {
  const r = await request(path);
  if (r.status === 404) {
    return null;
  }
  if (!r.ok) {
    throw new HttpError(r.status, `${path}: ${r.status}`);
  }
  return r.text();
}

export function Schedule({ s }: { s: Status }) {
  const id = s.schedule_id;
  const seen = useRef<{ hash: string; data: Json } | null>(null);
  const { data, error } = useLoad(async () => {
    if (!id) {
      return null;
    }
    const [schedule, input, debug] = await Promise.all([
      getJson<ScheduleEnvelope>("/v1/schedule"),
      optionalText("/v1/scheduler_input"),
      optionalText("/v1/scheduler_debug_info"),
    ]);
    const parents = input ? ((JSON.parse(input) as { parents?: Json[] }).parents ?? []) : [];
    const previous = seen.current && seen.current.hash !== schedule.hash ? seen.current : null;
    seen.current = { hash: schedule.hash, data: schedule.data as Json };
    return { schedule, parents, debug, input, previous };
  }, [id], false);
  if (!id) {
    return <Card title="Schedule"><p class="muted">No schedule yet.</p></Card>;
  }
  const sc = data?.schedule;
  const parent = data && data.parents.length > 0 ? data.parents[0] : data?.previous?.data;
  return (
    <div class="stack">
      <Problem error={error} />
      <Card title="Schedule">
        <dl>
          <dt>Hash</dt>
          <dd data-testid="schedule-hash"><Short value={sc?.hash ?? id} n={64} /></dd>
          <dt>Made</dt>
          <dd><Ago at={sc?.timestamp} /></dd>
          <dt>Origin</dt>
          <dd><Short value={sc?.origin} /></dd>
          <dt>Epoch</dt>
          <dd>{sc?.epoch ?? ""}</dd>
        </dl>
      </Card>
      <Card title="Data">{sc ? <JsonTree value={sc.data as Json} /> : <p class="muted">Loading…</p>}</Card>
      <Card title={data && data.parents.length > 0 ? `Diff against the parent (of ${data.parents.length})` : "Diff against the previous schedule seen here"}>
        {parent !== undefined && sc ? <Diff changes={diff(parent, sc.data as Json)} /> : <p class="muted">No parent or earlier schedule known on this node.</p>}
      </Card>
      <Card title="Scheduler log and debug info">
        {data?.debug !== null && data?.debug !== undefined ? <pre class="log" data-testid="debug">{data.debug || "(empty)"}</pre> : <p class="muted">The scheduler has not run on this node (only the leader runs it).</p>}
        {data?.input ? (
          <details>
            <summary>Scheduler input</summary>
            <JsonTree value={JSON.parse(data.input) as Json} />
          </details>
        ) : null}
      </Card>
      {s.election_state.is_leader ? <Shadows /> : null}
    </div>
  );
}
