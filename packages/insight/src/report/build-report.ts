import type { Db } from '../db.js';
import { filterSql, type Filters } from '../filters.js';
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

export interface ReportContext {
  sources?: SourceFile[];
  skipped?: Skipped;
  tickets?: TicketState;
  siteHosts?: string[];
}

/**
 * Runs every section's queries against a loaded database. Read-only apart from a temp table, so it can be called
 * again on the same database with other filters (the dashboard does).
 */
export async function buildReport(
  db: Db,
  filters: Filters = {},
  context: ReportContext = {},
): Promise<Report> {
  const where = filterSql(filters);
  const timing = stageTimer();
  const summary = await buildClientSummary(db, where);
  const o = await overview(db, where, summary);
  timing('report: overview');
  const usersSection = await users(db, where);
  const crawlerSection = await crawlers(db, where, summary);
  const restricted = await crawlersRestricted(db, where);
  timing('report: users and crawlers');
  const attackerSection = await attackers(db, where); // times itself: SQL, then the tracker replay
  const ticketSection = await tickets(db, where, context.tickets ?? { version: 1, solved: {} });
  const notFoundSection = await notFound(db, where, context.siteHosts);
  const slow = await slowRoutes(db, where);
  timing('report: tickets, not found, slow routes');
  return {
    version: 1,
    generated_at: new Date().toISOString(),
    filters,
    sources: context.sources ?? [],
    span: o.span,
    totals: o.totals,
    status: o.status,
    clients: o.clients,
    timeline: o.timeline,
    users: usersSection,
    crawlers: crawlerSection,
    crawlers_restricted: restricted,
    attackers: attackerSection,
    tickets: ticketSection,
    not_found: notFoundSection,
    slow_routes: slow,
    skipped: context.skipped ?? { count: 0, files: [] },
  };
}
