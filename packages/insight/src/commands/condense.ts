import { text } from '../db.js';
import { rows } from '../db.js';
import { filterSql } from '../filters.js';
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

export const condenseCommand: Command = {
  name: 'condense',
  summary: 'one representative line per distinct scenario, with counts',
  usage: `logbook condense [sources...] [options]

A scenario is the message template (or, for requests, the route, with long hex ids folded to :id and numbers
to :n), the status and the client kind. Each is printed once, most frequent first, with how often it happened
and one example.

  --json            print the scenarios as JSON
  --limit N         at most N scenarios (default 200)
${SOURCE_HELP}`,
  options: { ...SOURCE_OPTIONS, json: { type: 'boolean' }, limit: { type: 'string' } },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const limit = positiveInt(v.limit, '--limit') ?? 200;
    const loaded = await load(io, positionals, v);
    try {
      const found = await condense(loaded, filterSql(filtersOf(v)), limit);
      if (v.json) {
        io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return 0;
      }
      const s = styleFor(io, v);
      const total = found.reduce((n, f) => n + f.count, 0);
      io.stdout.write(s.dim(`${counted(found.length, 'scenario')} covering ${counted(total, 'record')}\n`));
      for (const f of found) {
        const colour =
          (f.status ?? 0) >= 500 || f.level === 'ERROR' || f.level === 'CRITICAL'
            ? s.red
            : (f.status ?? 0) >= 400 || f.level === 'WARNING'
              ? s.yellow
              : (x: string) => x;
        io.stdout.write(
          `${String(f.count).padStart(8)} × ${colour(safeText(f.scenario))} ${s.dim(`[${safeText(f.kind ?? '-')}]`)}  ${s.dim(safeText(f.example))}\n`,
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
): Promise<Scenario[]> {
  const template = `coalesce(route, regexp_replace(regexp_replace(path, '/[0-9a-fA-F-]{16,}', '/:id', 'g'), '/[0-9]+', '/:n', 'g'))`;
  const found = await rows(
    db,
    `SELECT CASE WHEN path IS NOT NULL THEN concat_ws(' ', "method", ${template}, status::VARCHAR) ELSE concat_ws(' ', level, channel, msg) END AS scenario,
      count(*)::INT AS count, any_value(level) AS level, any_value(event) AS event, any_value(status) AS status, kind,
      strftime(min(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_seen, strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_seen,
      arg_min(concat_ws(' ', strftime(ts, '%Y-%m-%dT%H:%M:%SZ'), ip, "method", path || coalesce('?' || query, ''), status::VARCHAR, message, ua), ts) AS example
     FROM records WHERE ${where} GROUP BY 1, kind ORDER BY count DESC, scenario LIMIT ${limit}`,
  );
  return found.map((f) => ({
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
}
