import type { Db } from '../db.js';
import { filterSql, type Filters } from '../filters.js';
import type { Scope } from './sql-helpers.js';
import type { Skipped, SourceFile } from '../sources/load.js';
import type { TicketState } from '../ticket-state.js';
import { overview, type Overview } from './overview.js';
import { buildClientSummary } from './client-summary.js';
import { stageTimer } from '../timing.js';
import { users, type Users } from './users.js';
import { crawlers, crawlersRestricted, type CrawlerActivity, type CrawlerRestricted } from './crawlers.js';
import { attackers, type Attacker } from './attackers.js';
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
  clients: Overview['clients'];
  timeline: Overview['timeline'];
  users: Users;
  crawlers: CrawlerActivity[];
  crawlers_restricted: CrawlerRestricted[];
  attackers: Attacker[];
  tickets: Ticket[];
  not_found: NotFound;
  slow_routes: SlowRoute[];
  skipped: Skipped;
}

/** Runs one job on a connection of the database; the dashboard passes its pool's, so sections run side by side. */
export type Runner = <T>(job: (db: Db) => Promise<T>) => Promise<T>;

export interface ReportContext {
  sources?: SourceFile[];
  skipped?: Skipped;
  tickets?: TicketState;
  siteHosts?: string[];
  /** Where the sections' queries run (default: one after another on `db`). */
  run?: Runner;
}

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
    // Every section filters `records` itself: a query reads only the columns it needs, while copying the matching
    // rows once costs more than it saves (about 0.2 s for a fifth of 1M JSONL records: every column is read).
    const scope: Scope = { from: 'records', where };
    shared.push(`${tag}_clients`);
    const summary = job(run((d) => buildClientSummary(d, scope, `${tag}_clients`)));
    const attackerSection = job(run((d) => attackers(d, scope, tag))); // times itself: SQL, then the tracker replay
    const o = job(summary.then((cs) => run((d) => overview(d, scope, cs))));
    const crawlerSection = job(summary.then((cs) => run((d) => crawlers(d, scope, cs))));
    const notFoundSection = job(run((d) => notFound(d, scope, context.siteHosts, tag)));
    const usersSection = job(run((d) => users(d, scope)));
    const restricted = job(run((d) => crawlersRestricted(d, scope)));
    const ticketSection = job(run((d) => tickets(d, scope, context.tickets ?? { version: 1, solved: {} })));
    const slow = job(run((d) => slowRoutes(d, scope)));
    const ov = await o;
    timing('report: overview');
    return {
      version: 1,
      generated_at: new Date().toISOString(),
      filters,
      sources: context.sources ?? [],
      span: ov.span,
      totals: ov.totals,
      status: ov.status,
      clients: ov.clients,
      timeline: ov.timeline,
      users: await usersSection,
      crawlers: await crawlerSection,
      crawlers_restricted: await restricted,
      attackers: await attackerSection,
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
