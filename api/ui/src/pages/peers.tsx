import { useState } from "preact/hooks";
import { getJson } from "../api";
import { Card, Problem, Short, useLoad } from "../components";
import { Ago } from "../time";
import type { Peer } from "../types";

type Key = "hostname" | "id" | "primary_addr" | "state" | "last_report_direct" | "errors";

const columns: Array<[Key, string]> = [
  ["hostname", "Hostname"],
  ["id", "Id"],
  ["primary_addr", "Address"],
  ["state", "Reachable"],
  ["last_report_direct", "Last seen"],
  ["errors", "Errors"],
];

export function Peers() {
  const { data, error } = useLoad(() => getJson<Peer[]>("/v1/peers"));
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: Key; up: boolean }>({ key: "hostname", up: true });
  const needle = filter.trim().toLowerCase();
  const rows = (data ?? [])
    .filter((p) => !needle || [p.hostname, p.name, p.id, p.primary_addr, p.state].some((v) => v.toLowerCase().includes(needle)))
    .sort((a, b) => {
      const x = a[sort.key] ?? -1;
      const y = b[sort.key] ?? -1;
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sort.up ? c : -c;
    });
  return (
    <Card title={`Peers (${data?.length ?? "…"})`}>
      <Problem error={error} />
      <label class="filter">
        Filter <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="hostname, id, address, state" />
      </label>
      <div class="scroll">
        <table data-testid="peers">
          <thead>
            <tr>
              {columns.map(([key, label]) => (
                <th key={key} aria-sort={sort.key === key ? (sort.up ? "ascending" : "descending") : "none"}>
                  <button class="sort" onClick={() => setSort({ key, up: sort.key === key ? !sort.up : true })}>
                    {label} {sort.key === key ? (sort.up ? "▲" : "▼") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} class={p.state === "alive" ? "" : "bad"}>
                <td>{p.hostname || p.name}</td>
                <td><Short value={p.id} /></td>
                <td>{p.primary_addr}</td>
                <td>{p.state}</td>
                <td><Ago at={p.last_report_direct} /></td>
                <td>{p.errors}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr><td colSpan={columns.length} class="muted">{data ? "No peers." : "Loading…"}</td></tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
