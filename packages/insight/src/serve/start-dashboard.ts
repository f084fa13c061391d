import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readTicketState, writeTicketState } from '../ticket-state.js';
import type { LoadOptions } from '../sources/load.js';
import { LiveLogs } from './live-logs.js';
import { EventHub } from './sse.js';
import { securityHeaders, sendError, sendLoadingPage, sendJson } from './headers.js';
import { serveStatic, DASHBOARD_DIR } from './static-files.js';
import { COOKIE, csrfProblem, hostAllowed, isLoopback, presentedToken, sameSecret } from './access.js';
import { filtersFromQuery, knownFilterKeys } from './url-filters.js';
import { rebucket, recordById, recordPage } from './records-query.js';
import { incidentView } from './incident-view.js';

export interface DashboardOptions {
  /** Files, folders or globs, as for `logbook report` (default `./logs`). */
  sources?: string[];
  /** 0 picks a free port (default 3001). */
  port?: number;
  /** Default 127.0.0.1. Any other address needs a token. */
  host?: string;
  /** Required on every request when set; defaults to LOGBOOK_TOKEN. */
  token?: string;
  format?: LoadOptions['format'];
  /** How access logs' request times are read (see `--request-time`). */
  requestTime?: LoadOptions['requestTime'];
  siteHosts?: string[];
  /**
   * Where `logbook replay` commands shown on incident pages send requests (default: the loopback site an incident
   * was recorded on, else http://127.0.0.1:3000).
   */
  replayTarget?: string;
  /** Keep following the files (default true). */
  follow?: boolean;
  /** Fallback stat interval for following, in ms (default 500). */
  pollMs?: number;
  /** Where following errors are reported (default: stderr). */
  onError?: (e: Error) => void;
}

export interface Dashboard {
  /** The dashboard's address (without the token). */
  url: string;
  host: string;
  port: number;
  /** The loaded, followed logs (for embedding and tests). */
  live: LiveLogs;
  close(): Promise<void>;
}

/** A URL path segment as the user typed it; left as sent when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Why the dashboard would not start, for programs that word it their own way (a site has no `--port`). */
export type DashboardErrorCode = 'needs-token' | 'short-token' | 'port-taken' | 'cannot-listen';

/** Thrown when the dashboard will not start as asked; the message says what to change. */
export class DashboardError extends Error {
  override name = 'DashboardError';
  /** The options asked for something refused (the CLI's usage error), rather than the machine failing. */
  readonly refusedOptions: boolean;
  constructor(
    message: string,
    readonly code: DashboardErrorCode,
    /** The port it could not listen on ('port-taken', 'cannot-listen'). */
    readonly port?: number,
  ) {
    super(message);
    this.refusedOptions = code === 'needs-token' || code === 'short-token';
  }
}

const MIN_TOKEN = 16;

/** Loads the sources, follows them, and serves the dashboard until `close()`. */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (process.env.LOGBOOK_TOKEN || undefined);
  if (!isLoopback(host) && !token) {
    throw new DashboardError(
      `refusing to serve logs on ${host} without a token: anyone who can reach that address could read them. ` +
        `Pass --token SECRET (or set LOGBOOK_TOKEN), or leave --host at 127.0.0.1.`,
      'needs-token',
    );
  }
  if (token !== undefined && token.length < MIN_TOKEN) {
    throw new DashboardError(
      `the token is too short (${token.length} characters): use at least ${MIN_TOKEN}, e.g. from \`openssl rand -hex 16\`.`,
      'short-token',
    );
  }
  // The port is taken before the logs are read: a taken port is reported at once, not after a long load. Until
  // the logs are loaded and the first report is built, every request is answered 503.
  let serve = (req: IncomingMessage, res: ServerResponse): void => {
    securityHeaders(res);
    res.setHeader('Retry-After', '2');
    // A person opening the page gets a page that says so and reloads itself; scripts get the JSON error.
    if (req.method === 'GET' && !req.url?.startsWith('/api/') && req.headers.accept?.includes('text/html'))
      sendLoadingPage(res);
    else sendError(res, 503, 'The dashboard is still reading the logs; try again in a moment.');
  };
  const server: Server = createServer((req, res) => serve(req, res));
  const requestedPort = options.port ?? 3001;
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(requestedPort, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new DashboardError(
        `port ${requestedPort} on ${host} is taken; choose another with --port.`,
        'port-taken',
        requestedPort,
      );
    throw new DashboardError(
      `cannot listen on ${host}:${requestedPort}: ${err.message}`,
      'cannot-listen',
      requestedPort,
    );
  }
  const port = (server.address() as AddressInfo).port;
  const stopListening = (): Promise<void> => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  try {
    return await serveLogs(options, host, token, port, (h) => (serve = h), stopListening);
  } catch (e) {
    await stopListening();
    throw e;
  }
}

/** Reads and follows the logs, then hands the listening server the dashboard's request handler. */
async function serveLogs(
  options: DashboardOptions,
  host: string,
  token: string | undefined,
  port: number,
  ready: (handler: (req: IncomingMessage, res: ServerResponse) => void) => void,
  stopListening: () => Promise<void>,
): Promise<Dashboard> {
  const sources = options.sources && options.sources.length > 0 ? options.sources : ['logs'];
  const onError =
    options.onError ?? ((e: Error) => process.stderr.write(`logbook serve: following: ${e.message}\n`));
  const live = await LiveLogs.open(sources, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.requestTime ? { requestTime: options.requestTime } : {}),
    ...(options.siteHosts ? { siteHosts: options.siteHosts } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    follow: options.follow !== false,
    onError,
  });
  const hub = new EventHub();
  live.on('change', (c) => hub.send('change', c));
  // The unfiltered report is built before the address is announced, so the first page paints from memory.
  await live.report({}).catch(async (e: unknown) => {
    await live.close();
    throw e;
  });

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (!token && !hostAllowed(req, port)) {
      sendError(res, 421, 'This dashboard answers only to 127.0.0.1, localhost or [::1].');
      return;
    }
    if (token) {
      const given = url.searchParams.get('token');
      if (given !== null && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
        if (!sameSecret(given, token)) {
          sendError(res, 401, 'Wrong token.');
          return;
        }
        // Move the token from the address bar into a cookie scripts cannot read.
        url.searchParams.delete('token');
        res.writeHead(303, {
          'Set-Cookie': `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `${url.pathname}${url.search}`,
        });
        res.end();
        return;
      }
      const presented = presentedToken(req);
      if (presented === undefined || !sameSecret(presented, token)) {
        sendError(
          res,
          401,
          'This dashboard needs its token: open it once with ?token=SECRET, or send Authorization: Bearer SECRET.',
        );
        return;
      }
    }
    route(req, res, url).catch((e: unknown) => {
      const err = e as Error;
      const refused = err.name === 'FilterError' || err instanceof RangeError;
      // A failure of ours is not the person's to read as is (a database error quotes its SQL): it goes to the
      // server's log, and the page says what happened in words.
      if (!refused)
        process.stderr.write(
          `logbook serve: answering ${req.method ?? 'GET'} ${url.pathname}: ${err.message}\n`,
        );
      if (res.headersSent) res.end();
      else if (refused) sendError(res, 400, err.message);
      else
        sendError(
          res,
          500,
          'The dashboard could not answer this request (an internal error; the terminal running logbook serve has the details).',
        );
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    const q = url.searchParams;
    if (req.method === 'POST') {
      const m = /^\/api\/tickets\/([^/]+)\/(solve|reopen)$/.exec(path);
      if (!m) return sendError(res, 404, 'No such action.');
      const problem = csrfProblem(req);
      if (problem) return sendError(res, 403, `Refused: ${problem}.`);
      // Percent-encoding that does not decode (%zz) names no ticket: it is looked up as sent, and not found.
      return changeTicket(res, safeDecode(m[1]!), m[2] as 'solve' | 'reopen');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, POST');
      return sendError(res, 405, 'Method not allowed.');
    }
    if (path === '/api/meta') {
      return sendJson(res, 200, {
        version: live.version,
        total: live.total,
        files: live.loaded.files,
        sources,
        filter_keys: knownFilterKeys(),
        follow: options.follow !== false,
      });
    }
    if (path === '/api/report') {
      const filters = filtersFromQuery(q);
      const version = live.version;
      // The charts' buckets follow the report's timeline (minutes, hours or days: see time-buckets.ts). The series
      // is counted per minute or hour alongside the report (from its filtered rows) and folded into days when needed.
      const { report, series: counted } = await live.view(filters);
      const s = rebucket(counted, report.timeline[0]?.size ?? counted.size);
      return sendJson(res, 200, { version, report, series: s });
    }
    if (path === '/api/records') {
      const filters = filtersFromQuery(q);
      const limit = Math.min(Math.max(Number(q.get('limit') ?? 100) || 100, 1), 500);
      const before = q.get('before') ?? undefined;
      const page = await live.query((db) => recordPage(db, filters, before, limit));
      return sendJson(res, 200, { version: live.version, ...page });
    }
    let m = /^\/api\/record\/(\d+)$/.exec(path);
    if (m) {
      // An id past any row number (400 digits read as Infinity) is no record, not a query to send.
      const id = Number(m[1]);
      if (!Number.isSafeInteger(id)) return sendError(res, 404, 'No such record.');
      const rec = await live.query((db) => recordById(db, id));
      return rec ? sendJson(res, 200, rec) : sendError(res, 404, 'No such record.');
    }
    m = /^\/api\/incident\/(E-[0-9A-Za-z]{6})$/.exec(path);
    if (m) {
      const view = await live.query((db) => incidentView(db, m[1]!, sources, options.replayTarget));
      return view ? sendJson(res, 200, view) : sendError(res, 404, `No incident ${m[1]!} in these logs.`);
    }
    if (path.startsWith('/api/incident/')) {
      const given = path.slice('/api/incident/'.length);
      return sendError(
        res,
        400,
        `"${safeDecode(given)}" is not an incident reference: they look like E-7K2Q9F (E-, then six letters or digits).`,
      );
    }
    if (path === '/api/events') {
      hub.open(res, { version: live.version, total: live.total });
      return;
    }
    if (path.startsWith('/api/')) return sendError(res, 404, 'No such API.');
    if (!serveStatic(res, path, DASHBOARD_DIR)) sendError(res, 404, 'Not found.');
  };

  const changeTicket = async (res: ServerResponse, fp: string, action: 'solve' | 'reopen'): Promise<void> => {
    const report = await live.report({});
    const state = readTicketState(live.stateDir);
    if (!report.tickets.some((t) => t.fingerprint === fp) && !(fp in state.solved))
      return sendError(res, 404, 'No ticket with that fingerprint in these logs.');
    if (action === 'solve') state.solved[fp] = { solved_at: new Date().toISOString() };
    else delete state.solved[fp];
    writeTicketState(live.stateDir, state);
    live.invalidate();
    hub.send('tickets', { fingerprint: fp, action });
    const ticket = (await live.report({})).tickets.find((t) => t.fingerprint === fp);
    return sendJson(res, 200, { ok: true, ticket: ticket ?? null });
  };

  ready(handler);
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    host,
    port,
    live,
    async close() {
      hub.close();
      await stopListening();
      await live.close();
    },
  };
}
