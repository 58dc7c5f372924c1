import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../api";
import { Card, Problem } from "../components";
import { Link } from "../router";
import type { Status } from "../types";

const maxChars = 256 * 1024;

/** Follows a log file: reads from the last offset with a Range request every second. */
function useFollow(path: string): { text: string; error: string | null; missing: boolean } {
  const [state, setState] = useState({ text: "", error: null as string | null, missing: false });
  useEffect(() => {
    let offset = 0;
    let text = "";
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      try {
        const r = await request(path, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, cache: "no-store" });
        if (r.status === 404) {
          setState({ text: "", error: null, missing: true });
        } else if (r.status === 206 || r.status === 200) {
          const chunk = await r.text();
          text = r.status === 200 ? chunk : text + chunk;
          offset = r.status === 200 ? new TextEncoder().encode(chunk).length : offset + new TextEncoder().encode(chunk).length;
          if (text.length > maxChars) {
            text = text.slice(text.length - maxChars);
          }
          setState({ text, error: null, missing: false });
        } else if (r.status !== 416) {
          setState({ text, error: `${path}: ${r.status}`, missing: false });
        }
      } catch (e) {
        setState({ text, error: e instanceof Error ? e.message : String(e), missing: false });
      }
      if (!stopped) {
        timer = window.setTimeout(tick, 1000);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path]);
  return state;
}

function LogView({ path, testid }: { path: string; testid: string }) {
  const { text, error, missing } = useFollow(path);
  const box = useRef<HTMLPreElement>(null);
  const [stick, setStick] = useState(true);
  useEffect(() => {
    if (stick && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [text, stick]);
  return (
    <>
      <Problem error={error} />
      <label class="inline">
        <input type="checkbox" checked={stick} onChange={(e) => setStick(e.currentTarget.checked)} /> follow new lines
      </label>
      {missing ? <p class="muted">No log yet.</p> : <pre class="log" tabIndex={0} ref={box} data-testid={testid}>{text}</pre>}
      <p><a href={path} target="_blank" rel="noopener">raw file</a></p>
    </>
  );
}

type IndexEntry = [string, string, { variant: string; fields: Array<string | number> }, string | { variant: string; fields: string[] }];

function IndexTable({ text }: { text: string }) {
  const rows: IndexEntry[] = [];
  for (const line of text.split("\n").slice(-300)) {
    try {
      if (line.trim()) {
        rows.push(JSON.parse(line) as IndexEntry);
      }
    } catch {
      // a torn last line while it is written: skip it
    }
  }
  return (
    <div class="scroll tall">
      <table data-testid="log-index">
        <thead>
          <tr><th>Date</th><th>Deployment</th><th>Where</th><th>Marker</th></tr>
        </thead>
        <tbody>
          {rows.reverse().map(([date, id, pointer, marker], i) => {
            const role = pointer.variant === "Role" ? String(pointer.fields[0]) : null;
            const m = typeof marker === "string" ? marker : `${marker.variant}(${marker.fields.join(", ")})`;
            return (
              <tr key={i} class={m === "DeploymentError" ? "bad" : ""}>
                <td>{date}</td>
                <td><code>{id.slice(0, 10)}</code></td>
                <td>{role ? <Link href={`/logs/${encodeURIComponent(role)}`}>{role}</Link> : pointer.variant}</td>
                <td>{m}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Index() {
  const { text, error, missing } = useFollow("/v1/log/index/latest");
  return (
    <>
      <Problem error={error} />
      {missing ? <p class="muted">No deployment was logged yet.</p> : <IndexTable text={text} />}
    </>
  );
}

export function Logs({ s, role }: { s: Status; role?: string }) {
  if (role) {
    return (
      <Card title={`Log of role ${role}`}>
        <p><Link href="/logs">All logs</Link> · <Link href={`/roles/${encodeURIComponent(role)}`}>role state</Link></p>
        <LogView path={`/v1/log/role/${encodeURIComponent(role)}/latest`} testid="role-log" />
      </Card>
    );
  }
  return (
    <div class="stack">
      <Card title="Role logs">
        <ul class="links">
          {s.role_states.map((r) => (
            <li key={r.role}><Link href={`/logs/${encodeURIComponent(r.role)}`} class={r.error ? "bad" : ""}>{r.role}</Link></li>
          ))}
          {s.role_states.length === 0 ? <li class="muted">No role was applied yet.</li> : null}
        </ul>
      </Card>
      <Card title="Deployment log index (today)"><Index /></Card>
      <Card title="Global log"><LogView path="/v1/log/global/latest" testid="global-log" /></Card>
    </div>
  );
}
