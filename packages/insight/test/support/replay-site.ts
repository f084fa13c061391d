// What the replay tests share: an incident record as the web middleware writes one, and a loopback site that
// remembers what it was sent.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { tempDir, writeJsonl } from '../helpers/records.js';

/**
 * An incident record (`event: incident`, level ERROR) with reference `ref` and fingerprint `fingerprint` on both
 * the error and the incident; `request` and `incident` are merged into their parts.
 */
export function incidentRecord(
  ref: string,
  fingerprint: string,
  parts: { time?: string; request?: object; incident?: object } = {},
): object {
  return {
    v: 1,
    time: parts.time ?? '2026-11-21T10:00:00.000Z',
    level: 'ERROR',
    channel: 'http',
    msg: 'Unhandled error',
    event: 'incident',
    error: { name: 'TypeError', message: 'boom', fingerprint },
    ...(parts.request ? { request: parts.request } : {}),
    incident: { ref, fingerprint, ...parts.incident },
  };
}

/** A folder holding `app.jsonl` with these records. */
export function logsWith(records: object[]): string {
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), records);
  return dir;
}

export interface RecordingSite {
  url: string;
  /** `METHOD target`, and ` body` when one was sent, in the order received. */
  seen: string[];
  server: Server;
}

/** The sites a test file opened, closed by `closeSites` (each test file has its own copy of this module). */
const openSites = new Set<Server>();

/** Closes every site the test file opened: `afterAll(closeSites)`. */
export async function closeSites(): Promise<void> {
  await Promise.all([...openSites].map((s) => new Promise((r) => s.close(r))));
  openSites.clear();
}

/**
 * A loopback site that remembers each request it was sent and answers with `answer` (default: 200 and "ok") once
 * the request's body has arrived. Closed by `closeSites`.
 */
export async function recordingSite(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok'),
): Promise<RecordingSite> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(body === '' ? `${req.method} ${req.url}` : `${req.method} ${req.url} ${body}`);
      answer(req, res);
    });
  });
  openSites.add(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, server };
}
