// The incident record: everything needed to understand and replay a request that crashed — the error with its
// fingerprint, the request as received (secrets redacted), who made it, every record it produced and the
// session's requests before it.

import { Level, LogRecord, currentTime, type JsonFormatter, type Redactor } from 'logbook';
import type { RecordJson, RequestJson } from 'logbook/schema';
import { receivedHeaders, redactFields, redactQuery, redactUrl } from './incident.js';
import type { IncidentInfo, RequestState } from './request-context.js';

export interface IncidentSources {
  channel: string;
  redactor: Redactor;
  /** Writes the trail's records as they would appear on disk. */
  formatter: JsonFormatter;
  /** The session's recent requests (its trail), oldest first. */
  sessionTrail: RequestJson[];
}

export function incidentRecord(
  state: RequestState,
  error: unknown,
  info: IncidentInfo,
  sources: IncidentSources,
): LogRecord {
  const { redactor } = sources;
  const req = state.req;
  const received: { method: string; url: string; headers: Record<string, string>; body?: unknown } = {
    method: state.method,
    url: redactUrl(req.url ?? state.shownPath, redactor),
    headers: receivedHeaders(req.headers, redactor),
  };
  if (state.body !== undefined) {
    const body = state.body.parsed();
    // Form fields are judged by their own names (`user[password]`); JSON is nested objects the redactor walks.
    received.body = state.body.isForm(body) ? redactFields(body, redactor) : redactor(body);
  }
  const trail: RecordJson[] = [];
  for (const record of state.trailRecords()) {
    try {
      trail.push(JSON.parse(sources.formatter.format(record)) as RecordJson);
    } catch {
      // A record the formatter cannot write is reported by its handler; the incident goes on without it.
    }
  }
  const request: RequestJson = { id: state.id, method: state.method, path: state.shownPath };
  if (state.route !== undefined) request.route = state.route;
  if (state.query !== undefined) request.query = redactQuery(state.query, redactor);
  request.status = 500;
  request.ip = state.ip;
  if (state.userAgent !== undefined) request.ua = state.userAgent;
  const record = new LogRecord(
    currentTime(),
    Level.ERROR,
    sources.channel,
    'Incident {ref} on {method} {path}: {error}',
    { ref: info.ref, method: state.method, path: state.shownPath },
    error,
    'incident',
  );
  const errorInfo = record.errorInfo;
  if (errorInfo !== undefined) errorInfo.fingerprint = info.fingerprint;
  const context: Record<string, unknown> = { request, client: state.client() };
  if (state.user !== undefined) context.user = state.user;
  if (state.session !== undefined) context.session = state.session;
  context.incident = {
    ref: info.ref,
    fingerprint: info.fingerprint,
    received,
    trail,
    session_trail: sources.sessionTrail,
  };
  record.context = context;
  return record;
}
