import { useState } from "preact/hooks";
import { getJson, postJson } from "../api";
import { Card, Problem, useLoad } from "../components";
import { Link } from "../router";
import { JsonTree } from "../jsontree";
import type { Json, Status } from "../types";

const example = '{\n  "button": {"action": "scale", "role": "web", "instances": 2}\n}';

export function Actions({ s }: { s: Status }) {
  const [body, setBody] = useState(example);
  const [wait, setWait] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ status: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useLoad(() => getJson<Record<string, Json>>("/v1/pending_actions"));
  let parseError: string | null = null;
  try {
    JSON.parse(body);
  } catch (e) {
    parseError = e instanceof Error ? e.message : String(e);
  }
  const send = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await postJson(wait ? "/v1/wait_action" : "/v1/action", body));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const leader = s.election_state.is_leader;
  return (
    <div class="stack">
      <Card title="Run an action">
        {!leader ? (
          <p class="problem">
            This node is not the leader: actions are accepted by the leader only{s.leader?.addr ? ` (${s.leader.addr})` : ""}.
          </p>
        ) : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!parseError && !busy) {
              void send();
            }
          }}
        >
          <label for="action-body">Action (JSON, passed to the scheduler in <code>actions</code>)</label>
          <textarea
            id="action-body"
            rows={8}
            spellcheck={false}
            value={body}
            onInput={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            aria-invalid={parseError ? "true" : "false"}
          />
          {parseError ? <p class="problem" data-testid="json-error">{parseError}</p> : null}
          <label class="inline">
            <input type="checkbox" checked={wait} onChange={(e) => setWait(e.currentTarget.checked)} /> wait for the scheduler's result
          </label>
          <button type="submit" disabled={!!parseError || busy}>{busy ? "Waiting…" : "Send"}</button>
          <span class="muted"> Ctrl+Enter sends.</span>
        </form>
        <Problem error={error} />
        {result ? (
          <div data-testid="action-result" class={result.status >= 400 ? "problem" : ""}>
            <p>HTTP {result.status}{result.status === 204 ? ": the run included the action; the scheduler gave no reply" : ""}</p>
            {result.text ? <pre class="log">{result.text}</pre> : null}
          </div>
        ) : null}
      </Card>
      <Card title="Pending actions">
        <Problem error={pending.error} />
        {pending.data && Object.keys(pending.data).length > 0 ? <JsonTree value={pending.data} /> : <p class="muted">None.</p>}
        <p class="muted">Actions reach the next scheduler run; see the <Link href="/schedule">schedule</Link>.</p>
      </Card>
    </div>
  );
}
