// Client-side routes on the History API; the daemon answers every page route with index.html,
// so a deep link works on reload.
import type { ComponentChildren } from "preact";
import { signal } from "./signal";

export const path = signal(location.pathname);

export function navigate(to: string): void {
  if (to !== location.pathname + location.search) {
    history.pushState(null, "", to);
  }
  path.set(location.pathname);
  window.scrollTo(0, 0);
}

addEventListener("popstate", () => path.set(location.pathname));

export function Link({ href, children, class: cls }: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={href}
      class={cls}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
          return;
        }
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export interface Route {
  page: string;
  param?: string;
}

export function match(p: string): Route {
  const parts = p.split("/").filter((x) => x.length > 0).map(decodeURIComponent);
  if (parts.length === 0) {
    return { page: "overview" };
  }
  const [head, param] = parts;
  if (parts.length <= 2 && ["peers", "roles", "schedule", "logs", "actions"].includes(head)) {
    return { page: head, param };
  }
  return { page: "missing" };
}
