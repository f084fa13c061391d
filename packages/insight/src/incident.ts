import type { ErrorInfo, IncidentJson, RequestJson } from 'logbook/schema';
import { lit, rows, text, type Db } from './db.js';

export type { IncidentJson, RequestJson };
/** An error as recorded (see docs/record-schema.md). */
export type ErrorJson = ErrorInfo;
export interface IncidentRecord {
  time: string;
  message: string | null;
  error: ErrorJson | null;
  incident: IncidentJson;
  user: { id?: string; name?: string; email?: string } | null;
  request: RequestJson;
  client: { kind?: string; browser?: string; os?: string; name?: string };
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** Finds incidents by reference (E-XXXXXX), newest first; `since` keeps only those at or after an ISO time. */
export async function findIncidents(
  db: Db,
  opts: { ref?: string; since?: string } = {},
): Promise<IncidentRecord[]> {
  const cond = [`event = 'incident'`, 'incident IS NOT NULL'];
  if (opts.ref) cond.push(`upper(incident_ref) = upper(${lit(opts.ref)})`);
  if (opts.since) cond.push(`ts >= ${lit(opts.since)}::TIMESTAMPTZ::TIMESTAMP`);
  const found = await rows(
    db,
    `SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, message, error, incident, user_id, user_name, user_email,
      req_id, "method", path, route, query, status, duration_ms, ip, ua, referer, kind, client_name, browser, os
     FROM records WHERE ${cond.join(' AND ')} ORDER BY ts DESC`,
  );
  return found.map((r) => {
    const request: RequestJson = {};
    for (const [k, col] of [
      ['id', 'req_id'],
      ['method', 'method'],
      ['path', 'path'],
      ['route', 'route'],
      ['query', 'query'],
      ['ip', 'ip'],
      ['ua', 'ua'],
      ['referer', 'referer'],
    ] as const) {
      if (r[col] != null) (request as Record<string, unknown>)[k] = text(r[col]);
    }
    if (typeof r.status === 'number') request.status = r.status;
    if (typeof r.duration_ms === 'number') request.duration_ms = r.duration_ms;
    const user =
      r.user_id != null
        ? {
            id: text(r.user_id),
            ...(r.user_name != null ? { name: text(r.user_name) } : {}),
            ...(r.user_email != null ? { email: text(r.user_email) } : {}),
          }
        : null;
    const client: IncidentRecord['client'] = {};
    if (r.kind != null) client.kind = text(r.kind);
    if (r.browser != null) client.browser = text(r.browser);
    if (r.os != null) client.os = text(r.os);
    if (r.client_name != null) client.name = text(r.client_name);
    return {
      time: String(r.time),
      message: r.message == null ? null : text(r.message),
      error: (parse(r.error) as ErrorJson | null) ?? null,
      incident: parse(r.incident) as IncidentJson,
      user,
      request,
      client,
    };
  });
}
