import { text } from '../db.js';
import { findIncidents, type ErrorJson, type IncidentRecord } from '../incident.js';
import { safeText } from '../render/escape.js';
import type { Style } from '../render/style.js';
import { load, styleFor, SOURCE_OPTIONS, UsageError, type Io, type Values, type Command } from './common.js';
import { counted } from '../render/counted.js';
import { replayCommand } from '../replay-command.js';

export const showCommand: Command = {
  name: 'show',
  summary: 'an incident as a readable page: error and causes, request, user, trail, session',
  usage: `logbook show E-XXXXXX [sources...] [--json]

  --json            print the incident record as JSON
  --format F, --no-color as for report`,
  options: {
    format: SOURCE_OPTIONS.format,
    color: SOURCE_OPTIONS.color,
    'no-color': SOURCE_OPTIONS['no-color'],
    json: { type: 'boolean' },
  },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const [ref, ...sources] = positionals;
    if (!ref) throw new UsageError('give an incident reference such as E-7F3K2Q (the one on the 500 page).');
    if (!/^E-[0-9A-Z]{6}$/i.test(ref))
      throw new UsageError(
        `${safeText(ref)} is not an incident reference: they look like E-7F3K2Q (the one on the 500 page).`,
      );
    const loaded = await load(io, sources, v);
    try {
      const [found] = await findIncidents(loaded, { ref });
      if (!found) {
        io.stderr.write(
          `logbook show: no incident ${safeText(ref)} in ${counted(loaded.files.length, 'file')}. Check the reference, or pass the folder that holds that day's logs.\n`,
        );
        return 1;
      }
      io.stdout.write(
        v.json ? `${JSON.stringify(found, null, 2)}\n` : renderIncident(found, styleFor(io, v), sources),
      );
      return 0;
    } finally {
      loaded.close();
    }
  },
};

/** Renders an incident for the terminal; every log value goes through safeText. */
export function renderIncident(rec: IncidentRecord, s: Style, sources: readonly string[] = []): string {
  const out: string[] = [];
  const inc = rec.incident;
  out.push(
    s.bold(s.red(`Incident ${safeText(inc.ref)}`)) +
      s.dim(
        `  ${safeText(rec.time)}  fingerprint ${safeText(inc.fingerprint ?? rec.error?.fingerprint ?? '-')}`,
      ),
  );
  out.push('', s.bold('Error'));
  let e: ErrorJson | undefined = rec.error ?? undefined;
  let depth = 0;
  while (e && depth < 10) {
    out.push(
      `${depth === 0 ? '  ' : '  caused by '}${s.red(safeText(e.name))}: ${safeText(e.message)}${e.code !== undefined ? s.dim(` [${safeText(e.code)}]`) : ''}`,
    );
    for (const line of (e.stack ?? '').split('\n').slice(1, 6))
      out.push(s.dim(`      ${safeText(line.trim())}`));
    e = e.cause;
    depth++;
  }
  if (!rec.error) out.push(s.dim('  (no error recorded)'));
  out.push('', s.bold('Request'));
  const rx = inc.received;
  out.push(
    `  ${safeText(rx?.method ?? rec.request.method ?? '')} ${safeText(rx?.url ?? rec.request.path ?? '')}`,
  );
  for (const [k, val] of Object.entries(rx?.headers ?? {}))
    out.push(s.dim(`  ${safeText(k)}: ${safeText(val)}`));
  if (rx?.body !== undefined) out.push(`  body: ${safeText(JSON.stringify(rx.body))}`);
  out.push(
    `  client: ${safeText(rec.request.ip ?? '-')} ${safeText(rec.client.kind ?? '')} ${safeText(rec.client.browser ?? '')} ${safeText(rec.client.os ?? '')}`,
  );
  out.push('', s.bold('User'));
  out.push(
    rec.user
      ? `  ${safeText(rec.user.id)}${rec.user.name ? ` (${safeText(rec.user.name)})` : ''}`
      : s.dim('  anonymous'),
  );
  out.push('', s.bold(`Trail of this request (${counted(inc.trail?.length ?? 0, 'record')}, all levels)`));
  for (const t of inc.trail ?? []) {
    const level = text(t.level ?? '');
    const colour =
      level === 'ERROR' || level === 'CRITICAL'
        ? s.red
        : level === 'WARNING'
          ? s.yellow
          : level === 'DEBUG' || level === 'TRACE'
            ? s.dim
            : (x: string) => x;
    out.push(
      `  ${s.dim(safeText(t.time))} ${colour(safeText(level.padEnd(8)))} ${safeText(t.channel)}: ${safeText(t.message ?? t.msg)}`,
    );
  }
  out.push('', s.bold(`Session before it (${counted(inc.session_trail?.length ?? 0, 'request')})`));
  for (const r of inc.session_trail ?? []) {
    out.push(
      `  ${safeText(r.method)} ${safeText(r.path)}${r.query ? `?${safeText(r.query)}` : ''} ${s.dim(`→ ${safeText(r.status ?? '-')}`)}`,
    );
  }
  // The same sources as this command, so the line can be copied as it is (without them replay reads ./logs).
  out.push('', s.dim(`Reproduce: ${safeText(replayCommand(inc.ref, rx?.headers, sources))}`));
  return out.join('\n') + '\n';
}
