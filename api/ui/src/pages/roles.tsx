import { Card, Short } from "../components";
import { Link } from "../router";
import { Ago } from "../time";
import type { Status } from "../types";

export function Roles({ s, role }: { s: Status; role?: string }) {
  const states = s.role_states.filter((r) => !role || r.role === role);
  return (
    <Card title={role ? `Role ${role}` : `Roles (${s.roles})`}>
      {role && states.length === 0 ? <p class="problem">This node has no role named {role}.</p> : null}
      <div class="scroll">
        <table data-testid="roles">
          <thead>
            <tr><th>Role</th><th>State</th><th>Last deployment</th><th>When</th><th>Took</th><th>Error</th><th>Log</th></tr>
          </thead>
          <tbody>
            {states.map((r) => (
              <tr key={r.role} class={r.error ? "bad" : ""}>
                <td><Link href={`/roles/${encodeURIComponent(r.role)}`}>{r.role}</Link></td>
                <td>{r.error ? "failed" : "applied"}</td>
                <td><Short value={r.deployment_id} /></td>
                <td><Ago at={r.at} /></td>
                <td>{Math.round(r.duration_ms)} ms</td>
                <td>{r.error ? <pre>{r.error}</pre> : ""}</td>
                <td><Link href={`/logs/${encodeURIComponent(r.role)}`}>log</Link></td>
              </tr>
            ))}
            {!role && states.length === 0 ? <tr><td colSpan={7} class="muted">No role was applied yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
