import { Card, Short } from "../components";
import { Link } from "../router";
import { Ago } from "../time";
import type { Status } from "../types";

export function Overview({ s }: { s: Status }) {
  const e = s.election_state;
  const errors = Object.entries(s.errors);
  const state = e.is_leader ? (e.is_stable ? "leader (stable)" : "leader (becoming stable)") : s.leader ? "follower" : "no leader";
  return (
    <div class="grid">
      <Card title="This node">
        <dl>
          <dt>Hostname</dt>
          <dd data-testid="hostname">{s.hostname}</dd>
          <dt>Name</dt>
          <dd>{s.name}</dd>
          <dt>Id</dt>
          <dd><Short value={s.id} /></dd>
          <dt>Version</dt>
          <dd>{s.version}</dd>
          <dt>Peers</dt>
          <dd><Link href="/peers">{s.peers}</Link></dd>
        </dl>
      </Card>
      <Card title="Leadership">
        <dl>
          <dt>State</dt>
          <dd data-testid="election">{state}</dd>
          <dt>Leader</dt>
          <dd data-testid="leader">{s.leader ? `${s.leader.hostname || s.leader.name || s.leader.id}${s.leader.addr ? ` (${s.leader.addr})` : ""}` : "none"}</dd>
          <dt>Epoch</dt>
          <dd>{e.epoch}</dd>
          <dt>Stable</dt>
          <dd>{e.is_stable ? "yes, now" : <>last <Ago at={e.last_stable_timestamp} /></>}</dd>
          <dt>Fetch state</dt>
          <dd>{s.fetch_state.state}</dd>
        </dl>
      </Card>
      <Card title="Schedule">
        <dl>
          <dt>Id</dt>
          <dd data-testid="schedule-id"><Short value={s.schedule_id} n={16} /></dd>
          <dt>Status</dt>
          <dd>{s.schedule_status}</dd>
          <dt>Made</dt>
          <dd data-testid="schedule-made"><Ago at={s.last_stable_timestamp} /></dd>
          <dt>Last deployment</dt>
          <dd><Short value={s.last_deployment_id} /> <Ago at={s.last_deployment_at} /></dd>
        </dl>
        <Link href="/schedule">Show the schedule</Link>
      </Card>
      <Card title={`Problems (${s.num_errors})`}>
        {s.num_errors === 0 ? <p class="ok">No errors.</p> : null}
        {errors.length > 0 ? (
          <dl class="errors" data-testid="errors">
            {errors.map(([domain, text]) => (
              <>
                <dt>{domain}</dt>
                <dd><pre>{text}</pre></dd>
              </>
            ))}
          </dl>
        ) : null}
        {s.failed_roles.length > 0 ? (
          <p data-testid="failed-roles">
            Failed roles:{" "}
            {s.failed_roles.map((r, i) => (
              <>
                {i > 0 ? ", " : ""}
                <Link href={`/roles/${encodeURIComponent(r)}`} class="bad">{r}</Link>
              </>
            ))}
          </p>
        ) : null}
      </Card>
      <Card title={`Roles (${s.roles})`}>
        <ul class="links" data-testid="overview-roles">
          {s.role_states.map((r) => (
            <li key={r.role}>
              <Link href={`/roles/${encodeURIComponent(r.role)}`} class={r.error ? "bad" : ""}>{r.role}</Link>{" "}
              <span class="muted">{r.error ? "failed" : "applied"} <Ago at={r.at} /></span>
            </li>
          ))}
          {s.role_states.length === 0 ? <li class="muted">No role was applied yet.</li> : null}
        </ul>
      </Card>
      <Card title="Loops">
        <table>
          <thead>
            <tr><th>Loop</th><th>Last success</th><th>Last error</th></tr>
          </thead>
          <tbody>
            {s.loops.map((l) => (
              <tr key={l.name} class={l.last_error ? "bad" : ""}>
                <td>{l.name}</td>
                <td><Ago at={l.last_success} /></td>
                <td>{l.last_error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
