import { rows, type Db } from '../db.js';
import { filterSql, routelessRouteMatchSql, type Filters } from '../filters.js';
import type { Scope } from './sql-helpers.js';
import type { Skipped, SourceFile } from '../sources/load.js';
import type { TicketState } from '../ticket-state.js';
import { countByTime, overview, withAttackers, type Overview, type ReportClients } from './overview.js';
import { clientStats } from './client-stats.js';
import { buildClientSummary, rollupAnswers } from './client-summary.js';
import { refererCounts } from './referer-rollup.js';
import { notFoundCounts } from './not-found-rollup.js';
import { countedRows, hourRollupAnswers, presentIn, type Counted, type Present } from './hour-rollup.js';
import { stageTimer } from '../timing.js';
import { spansMinutes } from './time-buckets.js';
import { jobQueue, type Runner } from './job-queue.js';
import { noUsers, users, type Users } from './users.js';
import {
  crawlerPaths,
  crawlers,
  crawlersRestricted,
  type CrawlerActivity,
  type CrawlerRestricted,
} from './crawlers.js';
import { attackers, type Attacker, type ClientVerdicts } from './attackers.js';
import { restrictedPages, type RestrictedPage } from './restricted-pages.js';
import { tickets, type Ticket } from './tickets.js';
import { notFound, type NotFound } from './not-found.js';
import { slowRoutes, type SlowRoute } from './slow-routes.js';

/** The report's JSON form. Keys documented in docs/insight.md are kept stable. */
export interface Report {
  version: 1;
  generated_at: string;
  filters: Filters;
  sources: SourceFile[];
  span: Overview['span'];
  totals: Overview['totals'];
  status: Overview['status'];
  clients: ReportClients;
  timeline: Overview['timeline'];
  users: Users;
  crawlers: CrawlerActivity[];
  crawlers_restricted: CrawlerRestricted[];
  /** The same, one row per page with the crawlers that asked (what the terminal, HTML and dashboard show). */
  crawlers_restricted_pages: RestrictedPage[];
  attackers: Attacker[];
  tickets: Ticket[];
  not_found: NotFound;
  slow_routes: SlowRoute[];
  skipped: Skipped;
}

export interface ReportContext {
  sources?: SourceFile[];
  skipped?: Skipped;
  tickets?: TicketState;
  siteHosts?: string[];
  /** Where the sections' queries run (default: one after another on `db`). */
  run?: Runner;
  /**
   * How many of this report's jobs to hand to `run` at once: its connections, when no other work shares them (the
   * CLI's pool). Then the most urgent ready job starts whenever one ends. Default: every job as soon as it is ready.
   */
  lanes?: number;
  /**
   * The tracker verdicts of every client over all loaded records (the dashboard keeps them per loaded version, as
   * a client's verdict does not depend on the filter). Default: replayed for this report's suspects. The attackers
   * job waits for them, so on a pool they must already be queued (or done) before the report starts.
   */
  verdicts?: () => Promise<ClientVerdicts>;
  /** A table of `rollupRows` over every loaded record (the dashboard keeps one); filters it answers read it. */
  clientRollup?: string;
  /**
   * A table of `hourRollupRows` over every loaded record (the dashboard keeps one); the overview's record counts
   * (and `alongside`) sum it for filters it answers instead of reading the matching records.
   */
  hourRollup?: string;
  /** A table of `refererRollupRows` over every loaded record; not-found's site-host guess sums it when it answers. */
  refererRollup?: string;
  /** A table of `notFoundRollupRows` over every loaded record; not-found sums it for filters the hour rollup answers. */
  notFoundRollup?: string;
  /**
   * Another job that counts the same filtered records while they exist (the dashboard's chart series), per minute
   * or per hour as the overview counts them (its timeline may then sum hours into days).
   */
  alongside?: (counted: Counted, run: Runner, precision: 'minute' | 'hour') => Promise<unknown>;
}

/**
 * At most this many matching records are copied into a table of their own, which every section then reads instead of
 * filtering all records again (each pass over 1M records costs 10-25 ms; copying 100k rows of the columns the
 * sections read about as much as two passes). Wider filters read `records`.
 */
export const COPY_ROWS = 100_000;

/** The columns the sections read (a copy of the filtered rows holds only these). */
const SECTION_COLUMNS = `ts, level, event, "method", path, route, query, status, duration_ms, ip, ua, referer, auth_required,
  vhost, kind, client_name, client_reason, browser, os, signals, user_id, fingerprint, incident_ref, error`;

/** Names this report's scratch tables apart from any other report built at the same time on the same database. */
let reports = 0;

/** Queues jobs on one connection: a DuckDB connection runs one statement at a time. */
function serialRunner(db: Db): Runner {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: (db: Db) => Promise<T>): Promise<T> => {
    const result = tail.then(() => job(db));
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Runs every section's queries against a loaded database. It only adds tables of its own (named per report, dropped
 * before it returns), so it can be called again, even concurrently, on the same database with other filters (the
 * dashboard does). Each section is one job, so with a pool of connections they run side by side.
 */
export async function buildReport(
  db: Db,
  filters: Filters = {},
  context: ReportContext = {},
): Promise<Report> {
  const where = filterSql(filters);
  const rollupWhere = filterSql(filters, 'rollup');
  const run = context.run ?? serialRunner(db);
  const tag = `report_${++reports}`;
  const shared: string[] = [];
  const jobs: Promise<unknown>[] = [];
  const job = <T>(p: Promise<T>): Promise<T> => {
    jobs.push(p);
    return p;
  };
  const timing = stageTimer();
  try {
    // A narrow filter's rows are copied once (only the columns the sections read) and every section reads the copy;
    // a wide filter's are not (the copy would cost more than filtering again), and each query filters `records`.
    let scope: Scope = { from: 'records', where };
    const routeCheck = routelessRouteMatchSql(filters);
    const rollupsAgree =
      (context.hourRollup ?? context.clientRollup) !== undefined &&
      (routeCheck === undefined || !(await run(async (d) => (await rows(d, routeCheck))[0]?.found === true)));
    const hourRollup =
      context.hourRollup && rollupsAgree && hourRollupAnswers(filters)
        ? { table: context.hourRollup, where: rollupWhere }
        : undefined;
    if (where !== 'TRUE') {
      const copied = await run(async (d) => {
        // The rollup counts the matching records without reading them.
        const [n] = await rows(
          d,
          hourRollup
            ? `SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ${hourRollup.table} WHERE ${hourRollup.where}`
            : `SELECT count(*)::BIGINT AS n FROM records WHERE ${where}`,
        );
        if (Number(n?.n ?? 0) > COPY_ROWS) return false;
        await d.conn.run(
          `CREATE OR REPLACE TABLE ${tag}_rows AS SELECT ${SECTION_COLUMNS} FROM records WHERE ${where}`,
        );
        return true;
      });
      if (copied) {
        shared.push(`${tag}_rows`);
        scope = { from: `${tag}_rows`, where: 'TRUE' };
      }
    }
    // Short spans are counted per minute, from the records (the hour rollup is too coarse for them); deciding it
    // first gives every counting job, the dashboard's series included, one precision.
    const perMinute = await run((d) => spansMinutes(d, scope, hourRollup));
    const counting = perMinute ? undefined : hourRollup;
    timing('report: filtered rows');
    // Jobs start most urgent first (see jobQueue): the longest chain (client summary, its figures, the overview)
    // first, then the attackers (whose tracker replay runs in Node, leaving DuckDB's threads to the others), then
    // the rest, shortest-waited-for last.
    const queue = jobQueue(run, context.lanes ?? (context.run ? undefined : 1));
    shared.push(`${tag}_clients`);
    const rollup =
      context.clientRollup && rollupsAgree && rollupAnswers(filters)
        ? { table: context.clientRollup, where: rollupWhere }
        : undefined;
    const summary = job(queue(0, (d) => buildClientSummary(d, scope, `${tag}_clients`, rollup)));
    // The rollup tells which sections have no records under this filter (user actions and incidents carry no
    // status or route, so the widest filters have none): those skip their pass over the rows.
    const present: Promise<Present | undefined> = hourRollup
      ? job(queue(0, (d) => presentIn(d, hourRollup)))
      : Promise.resolve(undefined);
    const attackerSection = job(
      present.then((p) =>
        // times itself: SQL, then the tracker replay
        p?.suspects === 0 ? [] : queue(1, (d) => attackers(d, scope, tag, context.verdicts, rollup, where)),
      ),
    );
    shared.push(`${tag}_times`);
    const timeCounts = job(
      queue(1, (d) => countByTime(d, countedRows(scope, counting), `${tag}_times`, perMinute)),
    );
    const stats = job(summary.then((cs) => queue(0, (d) => clientStats(d, cs))));
    const o = job(
      Promise.all([stats, timeCounts]).then(([s, t]) => queue(0, (d) => overview(d, s, t, perMinute))),
    );
    shared.push(`${tag}_crawler_paths`);
    const paths = job(queue(2, (d) => crawlerPaths(d, scope, `${tag}_crawler_paths`)));
    const crawlerSection = job(
      Promise.all([stats, paths]).then(([s, p]) => queue(2, (d) => crawlers(d, s.crawlers, p))),
    );
    const restricted = job(paths.then((p) => queue(2, (d) => crawlersRestricted(d, p))));
    const referers =
      context.refererRollup && hourRollup
        ? refererCounts({ table: context.refererRollup, where: rollupWhere })
        : undefined;
    const counted404 =
      context.notFoundRollup && hourRollup
        ? notFoundCounts({ table: context.notFoundRollup, where: rollupWhere })
        : undefined;
    const notFoundSection = job(
      queue(3, (d) => notFound(d, scope, context.siteHosts, tag, referers, counted404)),
    );
    const slow = job(queue(3, (d) => slowRoutes(d, scope)));
    const usersSection = job(
      present.then((p) => (p?.userActions === 0 ? noUsers() : queue(4, (d) => users(d, scope)))),
    );
    const ticketSection = job(
      present.then((p) =>
        p?.incidents === 0
          ? []
          : queue(4, (d) => tickets(d, scope, context.tickets ?? { version: 1, solved: {} })),
      ),
    );
    if (context.alongside)
      void job(context.alongside(countedRows(scope, counting), run, perMinute ? 'minute' : 'hour'));
    const ov = await o;
    timing('report: overview');
    const attackerList = await attackerSection;
    return {
      version: 1,
      generated_at: new Date().toISOString(),
      filters,
      sources: context.sources ?? [],
      span: ov.span,
      totals: ov.totals,
      status: ov.status,
      clients: withAttackers(ov.clients, attackerList),
      timeline: ov.timeline,
      users: await usersSection,
      crawlers: await crawlerSection,
      crawlers_restricted: await restricted,
      crawlers_restricted_pages: restrictedPages(await restricted),
      attackers: attackerList,
      tickets: await ticketSection,
      not_found: await notFoundSection,
      slow_routes: await slow,
      skipped: context.skipped ?? { count: 0, files: [] },
    };
  } finally {
    // Every job has to be done with the shared tables before they go.
    await Promise.allSettled(jobs);
    timing('report: other sections');
    if (shared.length > 0)
      await run((d) => d.conn.run(shared.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' ')));
  }
}
