// `npm start`: the whole story on one machine. Starts the site, plays the traffic once, prints the
// report of what just happened, points at the crash, and keeps serving until Ctrl-C.

import { spawn } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as insight from '@logbook/insight';
import { Level, StderrHandler } from 'logbook';
import { PortInUseError, startSite, type RunningSite } from './site.js';
import { runTraffic } from './traffic/run-traffic.js';
import type { TrafficSummary } from './traffic/played.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const cyan = paint('36');

type StartDashboard = (options: {
  sources: string[];
  port: number;
  host: string;
  replayTarget: string;
}) => Promise<unknown>;

class StartError extends Error {
  override name = 'StartError';
}

/** The port the environment variable `name` asks for, if it is set. */
function portFromEnv(name: 'PORT' | 'DASHBOARD_PORT'): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartError(
      `${name}=${raw} is not a port number: use a whole number from 1 to 65535, e.g. ${name}=3001 npm start`,
    );
  }
  return port;
}

/** Why the dashboard did not start, in this site's terms: its port is chosen with DASHBOARD_PORT, not --port. */
function dashboardFailure(error: unknown): string {
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code === 'port-taken' && typeof port === 'number')
    return `Port ${port} is taken; choose another with DASHBOARD_PORT, e.g. DASHBOARD_PORT=${port + 1} npm start`;
  const message = error instanceof Error ? error.message : String(error);
  return code === 'cannot-listen'
    ? `${message}; choose another port with DASHBOARD_PORT, e.g. DASHBOARD_PORT=3001 npm start`
    : message;
}

function heading(text: string): void {
  const width = Math.min(process.stdout.columns ?? 80, 80);
  out();
  out(bold(`── ${text} ${'─'.repeat(Math.max(0, width - text.length - 4))}`));
}

/** The `logbook` CLI of @logbook/insight, as a file to run with node. */
function insightCli(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@logbook/insight'))), 'cli.js');
}

/** Runs `logbook report` on this run's records, printing straight to the terminal (its width, its colours). */
function printReport(logDir: string, since: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [insightCli(), 'report', logDir, '--since', since], {
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      out(red(`Could not run logbook report: ${error.message}`));
      resolve();
    });
    child.on('close', () => resolve());
  });
}

function describeTraffic(s: TrafficSummary): string[] {
  const statuses = Object.entries(s.statuses)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const a = s.actions;
  return [
    `${s.requests} requests in ${(s.durationMs / 1000).toFixed(1)} s (${statuses})${s.truncated ? ' — cut short by the budget' : ''}`,
    `${s.humans.length} people: ${a['user.signup']} sign-ups, ${a['user.login']} logins, ${a['user.login_failed']} failed logins,`,
    `  ${a['user.logout']} logouts, ${a['newsletter.subscribe']} subscriptions, ${a.purchase} purchases`,
    `${s.crawlers.length} crawlers and 1 fake Googlebot:`,
    `  ${s.crawlers.map((c) => c.name).join(', ')}`,
    `${s.attackers.length} attackers:`,
    ...s.attackers.map((x) => `  ${x.ip}  ${x.role}`),
  ];
}

async function main(): Promise<void> {
  const port = portFromEnv('PORT') ?? 3000;
  // Read before anything starts, so a mistyped DASHBOARD_PORT is said at once, like a mistyped PORT.
  const dashboardPort = portFromEnv('DASHBOARD_PORT') ?? (port === 0 ? 0 : port + 1);
  const host = process.env.HOST ?? '127.0.0.1';
  const logDirInput = process.env.LOGBOOK_DIR ?? 'logs';
  const seed = process.env.TRAFFIC_SEED === undefined ? 7 : Number(process.env.TRAFFIC_SEED);
  // The console stays quiet while the traffic plays (the report tells that story); afterwards every
  // request you make in the browser is shown there.
  let site: RunningSite;
  try {
    site = await startSite({ port, host, logDir: logDirInput, consoleLevel: Level.CRITICAL });
  } catch (error) {
    if (error instanceof PortInUseError) throw new StartError(error.message);
    throw error;
  }
  const fromHere = relative(process.cwd(), site.logDir);
  const logDir = fromHere === '' ? '.' : fromHere.startsWith('..') ? site.logDir : fromHere;
  // The CLI reads ./logs by default: name the folder only when it is another one.
  const src = logDir === 'logs' ? '' : ` ${logDir}`;

  out(bold('Logbook training site — an online course school, observed'));
  out(`  site  ${cyan(site.url)}`);
  out(`  logs  ${join(logDir, 'app.jsonl')} ${dim('(JSON lines; LOGBOOK_DIR=... moves them)')}`);

  heading('1. Playing a small day of traffic');
  const since = new Date().toISOString();
  let lastDot = 0;
  const summary = await runTraffic({
    baseUrl: site.url,
    seed,
    onProgress: (_sent, done, total) => {
      const dots = Math.floor((done / total) * 40);
      if (dots > lastDot && process.stdout.isTTY) process.stdout.write('.'.repeat(dots - lastDot));
      lastDot = dots;
    },
  });
  if (process.stdout.isTTY) out();
  for (const line of describeTraffic(summary)) out(`  ${line}`);
  for (const error of summary.errors) out(red(`  traffic error: ${error}`));
  await site.logging.flush();

  heading('2. logbook report (this run only)');
  await printReport(site.logDir, since);

  heading('3. The crash');
  const [ref, ...more] = summary.crash.refs;
  if (ref === undefined) {
    out('  No crash this time (was the bug in pages.ts fixed?).');
  } else {
    out(`  A visitor (${summary.crash.ip}) bought "CSS layout classics";`);
    out(`  its receipt page answered 500 with incident ${red(bold(ref))}`);
    if (more.length > 0)
      out(`  (and ${more.join(', ')} on reload: one ticket, ${summary.crash.refs.length} incidents).`);
    out('  Try:');
    out(cyan(`    npx logbook show ${ref}${src}`));
    out(cyan(`    npx logbook replay ${ref} --target ${site.url} --logs ${logDir}${src}`));
  }

  heading('4. Explore');
  // The dashboard of @logbook/insight, when this build has it (checked at run time so the site runs either way).
  const startDashboard = (insight as Record<string, unknown>).startDashboard;
  let dashboard: { url: string; close(): Promise<void> } | undefined;
  if (typeof startDashboard === 'function') {
    try {
      dashboard = (await (startDashboard as StartDashboard)({
        sources: [site.logDir],
        port: dashboardPort,
        host,
        replayTarget: site.url,
      })) as { url: string; close(): Promise<void> };
      out(`  dashboard  ${cyan(dashboard.url)} ${dim('— live: follows the logs')}`);
    } catch (error) {
      out(red(`  The dashboard did not start: ${dashboardFailure(error)}`));
      out(`  Meanwhile, read the logs with:`);
    }
  }
  if (dashboard === undefined) {
    if (typeof startDashboard !== 'function') out('  (the live dashboard is not in this build)');
    out(cyan(`    npx logbook report${src}`));
    out(cyan(`    npx logbook tickets${src}`));
    out(cyan(`    npx logbook show REF${src}`));
  }
  out(`  site       ${cyan(site.url)} ${dim('— register, buy, watch')}`);
  out();
  out(`Serving until Ctrl-C. Requests you make are shown below.`);

  // From here on, the colour console shows every record (as in development).
  for (const handler of site.logging.handlers)
    if (handler instanceof StderrHandler) handler.level = Level.INFO;

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    out();
    out('Stopping: closing the site and flushing the logs…');
    void Promise.resolve(dashboard?.close())
      .then(() => site.close())
      .then(
        () => {
          out(`Stopped. The records stay in ${logDir}/ — the next run appends to them.`);
          process.exit(0);
        },
        (error: unknown) => {
          out(red(`Could not stop cleanly: ${String(error)}`));
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartError) {
    process.stderr.write(`\n${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `\nnpm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
