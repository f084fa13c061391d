// The on-disk record: its TypeScript type and the JSON Schema that tests validate emitted lines against.
// See docs/record-schema.md for what each key means.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorInfo } from '../error-info.js';
import type { LevelName } from '../level.js';

export type { ErrorInfo };

export const SCHEMA_VERSION = 1;

export type ClientKind = 'human' | 'crawler' | 'scanner' | 'unknown';

export interface RequestJson {
  id?: string;
  method?: string;
  path?: string;
  route?: string;
  query?: string;
  status?: number;
  duration_ms?: number;
  bytes?: number;
  ip?: string;
  ua?: string;
  referer?: string;
  auth_required?: boolean;
  aborted?: boolean;
}

export interface ClientJson {
  kind: ClientKind;
  name?: string;
  browser?: string;
  os?: string;
  device?: string;
  reason?: string;
}

export interface UserJson {
  id: string;
  name?: string;
  email?: string;
}

export interface IncidentJson {
  ref: string;
  fingerprint?: string;
  received?: { method?: string; url?: string; headers?: Record<string, string>; body?: unknown };
  trail?: RecordJson[];
  session_trail?: RequestJson[];
}

/** One line of a Logbook JSONL log. */
export interface RecordJson {
  v: 1;
  time: string;
  level: LevelName;
  channel: string;
  msg: string;
  message: string;
  event?: string;
  fields?: Record<string, unknown>;
  error?: ErrorInfo;
  request?: RequestJson;
  client?: ClientJson;
  signals?: string[];
  user?: UserJson;
  session?: string;
  incident?: IncidentJson;
  trace?: { trace_id?: string; span_id?: string };
  app?: { name?: string; version?: string; env?: string };
  context?: Record<string, unknown>;
  caller?: { file?: string; line?: number; column?: number; function?: string };
  host: string;
  pid: number;
}

/** Absolute path of the JSON Schema file shipped with the package. */
export const recordSchemaPath: string = fileURLToPath(
  new URL('../../schema/record.schema.json', import.meta.url),
);

/** The JSON Schema (draft 2020-12) of a record, parsed. */
export function loadRecordSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(recordSchemaPath, 'utf8')) as Record<string, unknown>;
}
