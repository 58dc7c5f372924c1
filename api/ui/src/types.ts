// Shapes of the daemon's JSON (docs/api.md), as far as the UI reads them.

export interface LeaderInfo {
  id: string;
  name: string;
  hostname: string;
  addr: string | null;
  schedule: string | null;
}

export interface ElectionInfo {
  is_leader: boolean;
  is_stable: boolean;
  leader: string | null;
  epoch: number;
  last_stable_timestamp: number | null;
}

export interface LoopStatus {
  name: string;
  last_success: string | null;
  last_error: string | null;
  last_error_at: string | null;
  next_retry: string | null;
  consecutive_failures: number;
  queue_depth: number | null;
}

export interface RoleStatus {
  role: string;
  deployment_id: string;
  at: string;
  duration_ms: number;
  error: string | null;
}

export interface Status {
  version: string;
  id: string;
  name: string;
  hostname: string;
  peers: number;
  leader: LeaderInfo | null;
  roles: number;
  last_stable_timestamp: number | null;
  num_errors: number;
  errors: Record<string, string>;
  failed_roles: string[];
  fetch_state: { state: string };
  election_state: ElectionInfo;
  schedule_id: string | null;
  schedule_status: string;
  default_frontend: string;
  loops: LoopStatus[];
  last_deployment_id: string | null;
  last_deployment_at: string | null;
  role_states: RoleStatus[];
}

export interface Peer {
  id: string;
  primary_addr: string;
  name: string;
  hostname: string;
  known_since: number;
  last_report_direct: number | null;
  errors: number;
  state: string;
}

export interface ScheduleEnvelope {
  timestamp: number;
  hash: string;
  origin: string;
  epoch: number;
  data: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
