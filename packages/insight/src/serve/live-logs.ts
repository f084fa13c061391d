import { EventEmitter } from 'node:events';
import { loadSources, type LoadedLogs, type LoadOptions } from '../sources/load.js';
import { buildReport, type Report } from '../report/build-report.js';
import { clientVerdicts, type ClientVerdicts } from '../report/attackers.js';
import { seriesIn, type Series } from './records-query.js';
import { rollupRows } from '../report/client-summary.js';
import { hourRollupRows } from '../report/hour-rollup.js';
import { refererRollupRows } from '../report/referer-rollup.js';
import { notFoundRollupRows } from '../report/not-found-rollup.js';
import { readTicketState, stateDir } from '../ticket-state.js';
import type { Filters } from '../filters.js';
import type { Db } from '../db.js';
import { DbPool } from '../db-pool.js';
import { Follower, type Appended } from './follower.js';
import { Ingester } from './ingest.js';
import { LoadExtents, type Extent } from './loaded-extent.js';

export interface LiveLogsOptions {
  format?: LoadOptions['format'];
  requestTime?: LoadOptions['requestTime'];
  siteHosts?: string[];
  /** How often files are stat'ed when no watch event arrives (default 500 ms). */
  pollMs?: number;
  /** Turn following off (a fixed snapshot). */
  follow?: boolean;
  onError?: (e: Error) => void;
  /** Called after each file is read by the first load (as the loader's own onProgress). */
  onProgress?: LoadOptions['onProgress'];
}

/** Sent to listeners after new records were added. */
export interface Change {
  version: number;
  added: number;
  total: number;
}

/** A report with the dashboard's chart series counted from the same filtered rows (per minute or per hour). */
export interface ReportView {
  report: Report;
  series: Series;
}

const CACHE_SIZE = 24;
/** The requests per client, route, status and method (see rollupRows), kept current as records arrive. */
const ROLLUP = 'dashboard_client_rollup';
/** The records per hour, event, level, kind, status, route and method (see hourRollupRows), kept current too. */
const HOUR_ROLLUP = 'dashboard_hour_rollup';
/** The human, successful requests per referer and the hour rollup's columns (see refererRollupRows). */
const REFERER_ROLLUP = 'dashboard_referer_rollup';
/** The 404s per path, referer, probe and client and the hour rollup's columns (see notFoundRollupRows). */
const NOT_FOUND_ROLLUP = 'dashboard_not_found_rollup';
/** Each rollup: its table and the query that counts its rows from a relation of records (at load, then per batch). */
const ROLLUPS: readonly { table: string; rows: (from: string) => string }[] = [
  { table: ROLLUP, rows: rollupRows },
  { table: HOUR_ROLLUP, rows: hourRollupRows },
  { table: REFERER_ROLLUP, rows: refererRollupRows },
  { table: NOT_FOUND_ROLLUP, rows: notFoundRollupRows },
];
/** Connections: two cores' worth of report sections side by side, and one more so a records page need not wait. */
const POOL_SIZE = 3;

/**
 * The dashboard's data: the sources loaded once into DuckDB, kept current by following the files, and a small
 * cache of reports per filter set that is dropped whenever records arrive.
 */
export class LiveLogs extends EventEmitter<{ change: [Change] }> {
  version = 0;
  total = 0;
  skippedLive = 0;
  private readonly cache = new Map<string, { version: number; view: Promise<ReportView> }>();
  private verdictCache: { version: number; verdicts: Promise<ClientVerdicts> } | undefined;
  private follower: Follower | undefined;
  private readonly ingester = new Ingester();
  /**
   * The folder whose `.logbook/tickets.json` holds solved tickets, settled while the sources are there: a log file
   * named on the command line is renamed away when it rotates, and the state must not move with it.
   */
  readonly stateDir: string;

  private constructor(
    readonly loaded: LoadedLogs,
    readonly pool: DbPool,
    readonly options: LiveLogsOptions,
  ) {
    super();
    this.stateDir = stateDir(loaded.inputs);
  }

  static async open(sources: readonly string[], options: LiveLogsOptions = {}): Promise<LiveLogs> {
    const follow = options.follow !== false;
    const extents = follow ? new LoadExtents(sources) : undefined;
    const loaded = await loadSources(sources, {
      ...readOptions(options),
      onProgress: (done, total, file) => {
        extents?.fileRead(file); // first: what comes after (the caller's hook) is no part of the read
        options.onProgress?.(done, total, file);
      },
    });
    let from: Extent[];
    try {
      from = extents ? await extents.settle(loaded, readOptions(options)) : [];
    } catch (e) {
      loaded.close();
      throw e;
    }
    const pool = await DbPool.open(loaded.instance, POOL_SIZE);
    await Promise.all(
      ROLLUPS.map((r) =>
        pool.run((db) => db.conn.run(`CREATE OR REPLACE TABLE ${r.table} AS ${r.rows('records')}`)),
      ),
    );
    const live = new LiveLogs(loaded, pool, options);
    live.total = loaded.files.reduce((n, f) => n + f.records, 0);
    if (follow) {
      live.follower = new Follower(loaded.inputs, (batch) => live.add(batch), {
        ...(options.pollMs ? { intervalMs: options.pollMs } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      });
      // From exactly what `records` holds of each file, so a line written or a rotation done during the load is
      // read once: neither lost nor read again.
      live.follower.start(from);
    }
    return live;
  }

  query<T>(job: (db: Db) => Promise<T>): Promise<T> {
    return this.pool.run(job);
  }

  /** The report for these filters, from the cache while no record arrived since it was built. */
  report(filters: Filters): Promise<Report> {
    return this.view(filters).then((v) => v.report);
  }

  /**
   * The report for these filters and the chart series counted beside it (from the same filtered rows, per minute or
   * per hour as the report counted them: see time-buckets.ts), from the cache while no record arrived since.
   */
  view(filters: Filters): Promise<ReportView> {
    const key = JSON.stringify([filters.since ?? '', filters.until ?? '', [...(filters.where ?? [])].sort()]);
    const hit = this.cache.get(key);
    if (hit && hit.version === this.version) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used last
      return hit.view;
    }
    const version = this.version;
    let counted: Promise<Series> | undefined;
    // Asked for before the report's jobs are queued: the attackers job waits for it, so it must not be queued on a
    // connection behind that job (a pool lane runs one job at a time).
    const verdicts = this.verdicts();
    verdicts.catch(() => undefined);
    // Each section is its own job on the pool, so the sections of one report run side by side.
    const report = buildReport(this.loaded, filters, {
      sources: this.loaded.files,
      skipped: this.loaded.skipped,
      tickets: readTicketState(this.stateDir),
      siteHosts: this.options.siteHosts ?? [],
      run: (job) => this.pool.run(job),
      verdicts: () => verdicts,
      clientRollup: ROLLUP,
      hourRollup: HOUR_ROLLUP,
      refererRollup: REFERER_ROLLUP,
      notFoundRollup: NOT_FOUND_ROLLUP,
      alongside: (rows, run, precision) => (counted = run((db) => seriesIn(db, rows, precision))),
    });
    const view = report.then(async (r) => ({ report: r, series: await counted! }));
    view.catch(() => this.cache.delete(key));
    this.cache.set(key, { version, view });
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return view;
  }

  /**
   * Every suspect client's tracker verdict over all its loaded records, replayed once per loaded version and shared
   * by the reports of every filter (a filter narrows which requests are counted, not what a client is).
   */
  verdicts(): Promise<ClientVerdicts> {
    const hit = this.verdictCache;
    if (hit && hit.version === this.version) return hit.verdicts;
    const verdicts = this.pool.run((db) => clientVerdicts(db));
    const entry = { version: this.version, verdicts };
    verdicts.catch(() => {
      if (this.verdictCache === entry) this.verdictCache = undefined;
    });
    this.verdictCache = entry;
    return verdicts;
  }

  /** Forgets cached reports (after a ticket changed state). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Checks the files now instead of waiting for the next poll (tests and `close`). */
  async poll(): Promise<void> {
    await this.follower?.poll();
  }

  private async add(batch: Appended[]): Promise<void> {
    let added = 0;
    for (const a of batch) {
      const got = await this.pool.run((db) =>
        this.ingester.ingest(
          db,
          a.file,
          a.format,
          a.lines,
          async (rel) => {
            for (const r of ROLLUPS) await db.conn.run(`INSERT INTO ${r.table} ${r.rows(rel)}`);
          },
          readOptions(this.options),
        ),
      );
      added += got.records;
      this.skippedLive += got.skipped;
    }
    if (added === 0) return;
    this.total += added;
    this.version++;
    this.cache.clear();
    this.emit('change', { version: this.version, added, total: this.total });
  }

  async close(): Promise<void> {
    this.follower?.stop();
    await this.pool.close();
    this.ingester.close();
    this.loaded.close();
  }
}

/** The loader's options the dashboard was started with, for the first load and every batch that follows. */
function readOptions(options: LiveLogsOptions): Pick<LoadOptions, 'format' | 'requestTime'> {
  return {
    ...(options.format ? { format: options.format } : {}),
    ...(options.requestTime ? { requestTime: options.requestTime } : {}),
  };
}
