import { startDashboard, DashboardError } from '../serve/start-dashboard.js';
import {
  formatOption,
  requestTimeOption,
  REQUEST_TIME_HELP,
  httpUrl,
  positiveInt,
  UsageError,
  type Io,
  type Values,
  type Command,
} from './common.js';
import { counted } from '../render/counted.js';
import { safeText } from '../render/escape.js';
import { givenOrDefaultSources } from '../sources/default-sources.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the live dashboard in a browser: drill down by any value, follow new records as they arrive',
  usage: `logbook serve [sources...] [options]      (sources default to ./logs)

Reads the sources as \`logbook report\` does, follows them for new records, and serves the dashboard.

  --port N          port to listen on (default 3001)
  --host ADDR       address to bind (default 127.0.0.1); any other address requires --token
  --token SECRET    required on every request (at least 16 characters; also LOGBOOK_TOKEN). Open the
                    dashboard once with ?token=SECRET (it is then kept in a cookie) or send
                    Authorization: Bearer SECRET
  --target URL      where the incident page's replay command sends requests (default: the loopback site
                    the incident was recorded on, else http://127.0.0.1:3000)
  --site-host H     this site's host name, to tell broken links from other referers; repeatable
  --no-follow       serve a snapshot: do not follow the files
  --format F        auto (default), jsonl, combined, common, vhost, json-access
${REQUEST_TIME_HELP}`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    target: { type: 'string' },
    'site-host': { type: 'string', multiple: true },
    'no-follow': { type: 'boolean' },
    format: { type: 'string' },
    'request-time': { type: 'string' },
  },
  async run(io: Io, positionals: string[], v: Values, signal?: AbortSignal): Promise<number> {
    const port = v.port === '0' ? 0 : (positiveInt(v.port, '--port') ?? 3001);
    if (port > 65535) throw new UsageError(`--port ${port}: expected a port number up to 65535.`);
    const format = formatOption(v);
    const requestTime = requestTimeOption(v);
    if (typeof v.target === 'string') httpUrl(v.target, '--target');
    let dashboard;
    try {
      dashboard = await startDashboard({
        sources: givenOrDefaultSources(positionals),
        port,
        ...(typeof v.host === 'string' ? { host: v.host } : {}),
        ...(typeof v.token === 'string' ? { token: v.token } : {}),
        ...(typeof v.target === 'string' ? { replayTarget: v.target } : {}),
        ...(Array.isArray(v['site-host']) ? { siteHosts: v['site-host'] } : {}),
        ...(format ? { format } : {}),
        ...(requestTime ? { requestTime } : {}),
        follow: v['no-follow'] !== true,
        onError: (e) => io.stderr.write(`logbook serve: following the logs: ${safeText(e.message)}\n`),
      });
    } catch (e) {
      if (e instanceof DashboardError) {
        io.stderr.write(`logbook serve: ${e.message}\n`);
        return e.refusedOptions ? 2 : 1;
      }
      throw e;
    }
    const tokenNote = v.token || process.env.LOGBOOK_TOKEN ? ' (open it once with ?token=SECRET)' : '';
    io.stdout.write(
      `Dashboard for ${dashboard.live.total} records at ${dashboard.url}${tokenNote}\n` +
        `${v['no-follow'] === true ? 'Not following' : 'Following'} ${counted(dashboard.live.loaded.files.length, 'file')}; Ctrl-C to stop.\n`,
    );
    await new Promise<void>((resolve) => {
      if (!signal) return; // embedded without a signal: runs until the process ends
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await dashboard.close();
    return 0;
  },
};
