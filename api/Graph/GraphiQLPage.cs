namespace Verwalter.Api.Graph;

/// <summary>
/// <c>GET /v1/graphiql</c>: a small, self-contained query page for <c>/v1/graphql</c> (no external
/// scripts or styles). It runs queries and mutations with POST, follows subscriptions over the
/// <c>graphql-transport-ws</c> WebSocket, and keeps an API token for the browser session.
/// </summary>
internal static class GraphiQLPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>verwalter GraphQL</title>
        <style>
          :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
          body { margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
          header { display: flex; gap: .5rem; align-items: center; padding: .5rem; border-bottom: 1px solid #8884; flex-wrap: wrap; }
          main { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; padding: .5rem; min-height: 0; }
          textarea, pre { font: 13px ui-monospace, monospace; width: 100%; box-sizing: border-box; margin: 0; }
          .left { display: grid; grid-template-rows: 2fr 1fr; gap: .5rem; min-height: 0; }
          pre { overflow: auto; border: 1px solid #8884; padding: .5rem; white-space: pre-wrap; }
          @media (max-width: 700px) { main { grid-template-columns: 1fr; } }
        </style>
        </head>
        <body>
        <header>
          <strong>verwalter GraphQL</strong>
          <button id="run" title="Ctrl+Enter">Run</button>
          <button id="stop" disabled>Stop subscription</button>
          <label>API token <input id="token" type="password" autocomplete="off" placeholder="only for mutations"></label>
          <span id="state" role="status"></span>
        </header>
        <main>
          <div class="left">
            <textarea id="query" aria-label="query" spellcheck="false">{
          status {
            version id name hostname defaultFrontend numErrors scheduleStatus
            leader { id name hostname addr schedule }
            election { isLeader isStable epoch promoting numVotesForMe neededVotes lastStableTimestamp }
            peers { number errorneous { id hostname } }
            roles { number failed }
            schedule { hash timestamp origin }
          }
        }</textarea>
            <textarea id="variables" aria-label="variables (JSON)" spellcheck="false" placeholder="variables (JSON)"></textarea>
          </div>
          <pre id="result" aria-label="result" aria-live="polite"></pre>
        </main>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const show = (value) => { $("result").textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2); };
        $("token").value = sessionStorage.getItem("verwalter.api-token") || "";
        $("token").addEventListener("change", () => sessionStorage.setItem("verwalter.api-token", $("token").value));
        let socket = null;
        function stop() { if (socket) { socket.close(); socket = null; } $("stop").disabled = true; $("state").textContent = ""; }
        function request() {
          const text = $("variables").value.trim();
          return { query: $("query").value, variables: text ? JSON.parse(text) : null };
        }
        async function run() {
          stop();
          let body;
          try { body = request(); } catch (e) { show("variables: " + e.message); return; }
          if (/^\s*subscription\b/.test(body.query)) { subscribe(body); return; }
          const headers = { "Content-Type": "application/json" };
          if ($("token").value) headers.Authorization = "Bearer " + $("token").value;
          const response = await fetch("/v1/graphql", { method: "POST", headers, body: JSON.stringify(body) });
          const text = await response.text();
          try { show(JSON.parse(text)); } catch { show(response.status + " " + text); }
        }
        function subscribe(body) {
          const url = new URL("/v1/graphql", location.href);
          url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
          socket = new WebSocket(url, "graphql-transport-ws");
          $("stop").disabled = false;
          let pushes = 0;
          socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init", payload: $("token").value ? { authorization: "Bearer " + $("token").value } : {} }));
          socket.onmessage = (event) => {
            const message = JSON.parse(event.data);
            if (message.type === "connection_ack") socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: body }));
            else if (message.type === "next") { pushes += 1; $("state").textContent = pushes + " update(s), last at " + new Date().toLocaleTimeString(); show(message.payload); }
            else if (message.type === "error") show(message.payload);
            else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
          };
          socket.onclose = (event) => { $("state").textContent = "closed" + (event.reason ? ": " + event.reason : ""); $("stop").disabled = true; };
        }
        $("run").addEventListener("click", run);
        $("stop").addEventListener("click", stop);
        document.addEventListener("keydown", (e) => { if (e.ctrlKey && e.key === "Enter") run(); });
        </script>
        </body>
        </html>
        """;
}
