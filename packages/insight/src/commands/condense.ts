import { rows, text } from '../db.js';
import { filterSql } from '../filters.js';
import { routeOrTemplateSql } from '../path-template.js';
import { safeText } from '../render/escape.js';
import {
  load,
  filtersOf,
  styleFor,
  SOURCE_HELP,
  SOURCE_OPTIONS,
  positiveInt,
  type Io,
  type Values,
  type Command,
} from './common.js';
import { counted } from '../render/counted.js';
import { clipToWidth, MIN_WIDTH } from '../render/display-width.js';

export const condenseCommand: Command = {
  name: 'condense',
  summary: 'one representative line per distinct scenario, with counts',
  usage: `logbook condense [sources...] [options]

A scenario is the message template (or, for requests, the route, else the path with long hex ids folded to
:id and numbers to :n), the status and the client kind. Each is printed once, most frequent first, with how
often it happened and one example.

  --json            print the scenarios as JSON
  --limit N         at most N scenarios (default 200)
  --width N         cut each line to N columns (default: the terminal's; piped, lines are whole)
${SOURCE_HELP}`,
  options: {
    ...SOURCE_OPTIONS,
    json: { type: 'boolean' },
    limit: { type: 'string' },
    width: { type: 'string' },
  },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const limit = positiveInt(v.limit, '--limit') ?? 200;
    // A scenario per line is the point: wrapped, a long user agent makes one scenario three lines of a screen.
    // Piped, a line stays whole for grep and `less -S`.
    const width = positiveInt(v.width, '--width') ?? io.stdout.columns;
    const fit = (line: string): string =>
      width === undefined ? line : clipToWidth(line, Math.max(width, MIN_WIDTH));
    const loaded = await load(io, positionals, v);
    try {
      const { scenarios: found, all } = await condense(loaded, filterSql(filtersOf(v)), limit);
      if (v.json) {
        io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return 0;
      }
      const s = styleFor(io, v);
      const shown = found.reduce((n, f) => n + f.count, 0);
      // Cut by --limit, the heading says of how many, so the shown records are not taken for the whole log.
      io.stdout.write(
        s.dim(
          found.length < all.scenarios
            ? `the ${counted(found.length, 'most frequent scenario')} of ${all.scenarios.toLocaleString('en-US')}, covering ${shown.toLocaleString('en-US')} of ${counted(all.records, 'record')} (--limit ${limit})\n`
            : `${counted(found.length, 'scenario')} covering ${counted(shown, 'record')}\n`,
        ),
      );
      for (const f of found) {
        const colour =
          (f.status ?? 0) >= 500 || f.level === 'ERROR' || f.level === 'CRITICAL'
            ? s.red
            : (f.status ?? 0) >= 400 || f.level === 'WARNING'
              ? s.yellow
              : (x: string) => x;
        io.stdout.write(
          `${fit(`${String(f.count).padStart(8)} × ${colour(safeText(f.scenario))} ${s.dim(`[${safeText(f.kind ?? '-')}]`)}  ${s.dim(safeText(f.example))}`)}\n`,
        );
      }
      return 0;
    } finally {
      loaded.close();
    }
  },
};

export interface Scenario {
  scenario: string;
  count: number;
  level: string;
  event: string | null;
  status: number | null;
  kind: string | null;
  first_seen: string;
  last_seen: string;
  example: string;
}

/** Groups records into scenarios; ids in paths (numbers, hex, uuids) are folded so /order/12 and /order/13 group. */
export async function condense(
  db: Parameters<typeof rows>[0],
  where: string,
  limit: number,
): Promise<{ scenarios: Scenario[]; all: { scenarios: number; records: number } }> {
  // An access record's message says again the method, path, status and client the example already shows: only its
  // reason (`GET / → 404 in 0.5 ms for Firefox 133 on Linux from 2001:db8::7: not found`) is kept, after the
  // address, which may hold colons. The user agent is quoted, as in an access log, so it reads apart from the words
  // before it.
  const ownMessage = `CASE WHEN starts_with(message, concat_ws(' ', "method", path) || ' → ')
    THEN '— ' || nullif(regexp_extract(message, '^[^→]*→ (?:[^:]* from [^ ]+|[^:]*): (.*)$', 1), '') ELSE message END`;
  const template = routeOrTemplateSql('route', 'path');
  const found = await rows(
    db,
    `SELECT CASE WHEN path IS NOT NULL THEN concat_ws(' ', "method", ${template}, status::VARCHAR) ELSE concat_ws(' ', level, channel, msg) END AS scenario,
      count(*)::INT AS count, any_value(level) AS level, any_value(event) AS event, any_value(status) AS status, kind,
      strftime(min(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_seen, strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_seen,
      arg_min(concat_ws(' ', strftime(ts, '%Y-%m-%dT%H:%M:%SZ'), ip, "method", path || coalesce('?' || query, ''), status::VARCHAR, ${ownMessage}, '"' || ua || '"'), ts) AS example,
      count(*) OVER ()::INT AS all_scenarios, (sum(count(*)) OVER ())::BIGINT AS all_records
     FROM records WHERE ${where} GROUP BY 1, kind ORDER BY count DESC, scenario, kind LIMIT ${limit}`,
  );
  const all = {
    scenarios: Number(found[0]?.all_scenarios ?? 0),
    records: Number(found[0]?.all_records ?? 0),
  };
  const scenarios = found.map((f) => ({
    scenario: String(f.scenario),
    count: Number(f.count),
    level: String(f.level),
    event: f.event == null ? null : text(f.event),
    status: typeof f.status === 'number' ? f.status : null,
    kind: f.kind == null ? null : text(f.kind),
    first_seen: String(f.first_seen),
    last_seen: String(f.last_seen),
    example: text(f.example ?? ''),
  }));
  return { scenarios, all };
}
