// HTTP access to the daemon: JSON requests, the API token (kept in sessionStorage) and the
// prompt that asks for it on a 401.
import { signal } from "./signal";

const tokenKey = "verwalter.api-token";

/** True while a request waits for the operator to enter the token. */
export const tokenWanted = signal(false);
/** True when the daemon refused the token last sent (401 with a token): the prompt says so. */
export const tokenRefused = signal(false);

let waiting: Array<() => void> = [];

export function token(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function setToken(value: string): void {
  sessionStorage.setItem(tokenKey, value);
  tokenWanted.set(false);
  tokenRefused.set(false);
  const resume = waiting;
  waiting = [];
  resume.forEach((r) => r());
}

export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** fetch with the token; on 401 asks for a token once and retries with it. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const headers = { ...(init.headers as Record<string, string> | undefined), ...authHeaders() };
    const response = await fetch(path, { ...init, headers });
    if (response.status !== 401 || attempt > 2) {
      return response;
    }
    const sent = headers.Authorization?.slice("Bearer ".length) ?? null;
    if (token() !== sent) {
      // a token was entered while this request was under way: try it at once
      continue;
    }
    if (sent) {
      tokenRefused.set(true);
      sessionStorage.removeItem(tokenKey);
    }
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      tokenWanted.set(true);
    });
  }
}

async function failure(response: Response): Promise<HttpError> {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const text = await response.text();
    if (text) {
      try {
        const problem = JSON.parse(text) as { detail?: string; title?: string; error?: string };
        detail = `${response.status}: ${problem.detail ?? problem.error ?? problem.title ?? text}`;
      } catch {
        detail = `${response.status}: ${text.slice(0, 300)}`;
      }
    }
  } catch {
    // keep the status line
  }
  return new HttpError(response.status, detail);
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await request(path, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw await failure(response);
  }
  return (await response.json()) as T;
}

export async function getText(path: string, init: RequestInit = {}): Promise<Response> {
  return request(path, init);
}

/** POST a JSON body (always application/json); answers the status and the body text. */
export async function postJson(path: string, body: string): Promise<{ status: number; text: string }> {
  const response = await request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body,
  });
  return { status: response.status, text: await response.text() };
}

export { failure };
