// The verwalter web UI: one page, client-side routes, live status over server-sent events.
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import "./style.css";
import { setToken, tokenRefused, tokenWanted } from "./api";
import { connection, follow, status } from "./live";
import { Link, match, navigate, path } from "./router";
import { useSignal } from "./signal";
import { Actions } from "./pages/actions";
import { Logs } from "./pages/logs";
import { Overview } from "./pages/overview";
import { Peers } from "./pages/peers";
import { Roles } from "./pages/roles";
import { Schedule } from "./pages/schedule";

const pages: Array<[string, string, string]> = [
  ["overview", "/", "Overview"],
  ["peers", "/peers", "Peers"],
  ["roles", "/roles", "Roles"],
  ["schedule", "/schedule", "Schedule"],
  ["logs", "/logs", "Logs"],
  ["actions", "/actions", "Actions"],
];

function TokenPrompt() {
  const wanted = useSignal(tokenWanted);
  const refused = useSignal(tokenRefused);
  const [value, setValue] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (wanted) {
      input.current?.focus();
    }
  }, [wanted]);
  if (!wanted) {
    return null;
  }
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="token-title" data-testid="token-prompt">
      <form
        class="card dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) {
            setToken(value.trim());
            setValue("");
          }
        }}
      >
        <h2 id="token-title">API token needed</h2>
        <p>This daemon asks for its API token (<code>--api-token-file</code>). It is kept for this browser session only.</p>
        {refused ? <p class="problem" role="alert" data-testid="token-refused">The daemon refused that token: enter the token of this node.</p> : null}
        <label for="token-input">Token</label>
        <input id="token-input" ref={input} type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit">Use token</button>
      </form>
    </div>
  );
}

function Banner() {
  const c = useSignal(connection);
  if (c === "live") {
    return null;
  }
  return (
    <p class={`banner ${c}`} role="status" data-testid="connection">
      {c === "connecting" ? "Connecting to the daemon…" : "Disconnected from the daemon: reconnecting…"}
    </p>
  );
}

function Page() {
  const s = useSignal(status);
  const route = match(useSignal(path));
  if (route.page === "missing") {
    return <section class="card"><h2>Not found</h2><p>No page here. <Link href="/">Overview</Link></p></section>;
  }
  if (!s) {
    return <p class="muted">Waiting for the first status…</p>;
  }
  switch (route.page) {
    case "peers":
      return <Peers />;
    case "roles":
      return <Roles s={s} role={route.param} />;
    case "schedule":
      return <Schedule s={s} />;
    case "logs":
      return <Logs s={s} role={route.param} />;
    case "actions":
      return <Actions s={s} />;
    default:
      return <Overview s={s} />;
  }
}

function App() {
  const s = useSignal(status);
  const current = match(useSignal(path)).page;
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const title = pages.find((p) => p[0] === current)?.[2] ?? "Not found";
    document.title = `${title} · ${s?.hostname ?? "verwalter"}`;
  }, [current, s?.hostname]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        return;
      }
      const n = Number.parseInt(e.key, 10);
      if (n >= 1 && n <= pages.length) {
        e.preventDefault();
        navigate(pages[n - 1][1]);
        main.current?.focus();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <span class="brand" title={s ? `verwalter ${s.version}` : "verwalter"}>
          verwalter <strong data-testid="header-hostname">{s?.hostname ?? ""}</strong>
          {s ? <span class={`pill ${s.num_errors > 0 ? "bad" : "ok"}`}>{s.election_state.is_leader ? "leader" : "follower"}{s.num_errors > 0 ? ` · ${s.num_errors} ${s.num_errors === 1 ? "error" : "errors"}` : ""}</span> : null}
        </span>
        <nav aria-label="Pages">
          {pages.map(([id, href, label], i) => (
            <Link key={id} href={href} class={id === current ? "active" : ""}>
              <span aria-current={id === current ? "page" : undefined} title={`key ${i + 1}`}>{label}</span>
            </Link>
          ))}
        </nav>
      </header>
      <Banner />
      <main id="main" ref={main} tabIndex={-1}>
        <Page />
      </main>
      <TokenPrompt />
    </>
  );
}

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
  void follow();
}
