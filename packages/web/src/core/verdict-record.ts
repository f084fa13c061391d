// The WARNING a site owner sees when the traffic tracker first judges a client, or changes its mind: which
// client, what it is now taken for, and on what evidence.

import type { Classification, Verdict } from '@logbook/traffic';
import { Level, LogRecord, currentTime, type Fields } from 'logbook';
import type { RequestJson } from 'logbook/schema';
import { who } from './client-words.js';
import type { RequestState } from './request-context.js';

/** The request a verdict record names. */
export type VerdictRequest = Pick<RequestState, 'id' | 'ip' | 'userAgent'>;

export function verdictRecord(
  verdict: Verdict,
  client: Classification['client'],
  state: VerdictRequest,
  channel: string,
): LogRecord {
  const evidence = Object.entries(verdict.rules)
    .map(([rule, n]) => `${rule} ×${n}`)
    .join(', ');
  const fields: Fields = {
    ip: verdict.ip,
    who: who(client, state.userAgent, verdict.ip),
    verdict: verdict.verdict,
    requests: verdict.requests,
    evidence: evidence === '' ? 'repeated 404/403' : evidence,
    paths: verdict.paths,
  };
  if (verdict.tool !== undefined) fields.tool = verdict.tool;
  const record = new LogRecord(
    currentTime(),
    Level.WARNING,
    channel,
    verdict.requests === 1
      ? 'Client {who} judged {verdict} on its first request: {evidence}'
      : 'Client {who} judged {verdict} after {requests} requests: {evidence}',
    fields,
    undefined,
    'client.verdict',
  );
  const request: RequestJson = { id: state.id, ip: state.ip };
  if (state.userAgent !== undefined) request.ua = state.userAgent;
  record.context = { request, client };
  return record;
}
