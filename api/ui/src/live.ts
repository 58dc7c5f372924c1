// Follows GET /v1/events/status (server-sent events) with fetch, so the API token can go in
// the Authorization header; reconnects with a capped backoff after the daemon went away.
import { request } from "./api";
import { signal } from "./signal";
import type { Status } from "./types";

export type Connection = "connecting" | "live" | "disconnected";

export const status = signal<Status | null>(null);
export const connection = signal<Connection>("connecting");
/** Bumped on every status event: pages that show more than the status reload on it. */
export const revision = signal(0);

export const eventsPath = "/v1/events/status";

function dispatch(block: string): void {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") {
      event = value;
    } else if (field === "data") {
      data.push(value);
    }
  }
  if (event === "status" && data.length > 0) {
    status.set(JSON.parse(data.join("\n")) as Status);
    revision.set(revision.get() + 1);
  }
}

async function followOnce(): Promise<void> {
  const response = await request(eventsPath, { headers: { Accept: "text/event-stream" }, cache: "no-store" });
  if (!response.ok || !response.body) {
    throw new Error(`events: ${response.status}`);
  }
  connection.set("live");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

export async function follow(): Promise<never> {
  let delay = 250;
  for (;;) {
    try {
      await followOnce();
      delay = 250;
    } catch {
      // the daemon is down or restarting: say so and try again
    }
    connection.set("disconnected");
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
}
