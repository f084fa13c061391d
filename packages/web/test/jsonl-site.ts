// A site for the property tests: a web logbook with the given options, a node:http request listener (or any
// framework's server, see framework-sites.ts), and the JSON lines a file handler would get (every level), so that
// a property can search the whole log text.

import { createServer } from 'node:http';
import { JsonFormatter, Level, TestHandler } from 'logbook';
import type { RecordJson } from 'logbook/schema';
import { waitUntil } from '../../../test/support/wait-until.js';
import {
  createWebLogbook,
  type NodeRequestListener,
  type WebLogbook,
  type WebLogbookOptions,
} from '../src/index.js';
import { onDisk, runningSite, type RunningSite, type SiteFactory } from './behaviour.js';

export class JsonlSite {
  readonly handler: TestHandler;
  readonly logbook: WebLogbook;
  private readonly formatter = new JsonFormatter();
  private running: RunningSite = { url: '', close: () => Promise.resolve() };

  private constructor(options: WebLogbookOptions) {
    this.handler = new TestHandler({ level: Level.DEBUG }).pushApplication();
    try {
      this.logbook = createWebLogbook(options);
    } catch (error) {
      // Refused options: the test goes on, and later sites' records must not gather here too.
      this.handler.popApplication();
      throw error;
    }
  }

  /** A node:http server of `listener`, wrapped in logbook.node(). */
  static start(options: WebLogbookOptions, listener: NodeRequestListener): Promise<JsonlSite> {
    return JsonlSite.serve(options, async (logbook) => {
      const server = createServer(logbook.node(listener));
      server.listen(0, '127.0.0.1');
      return runningSite(server, logbook);
    });
  }

  /** The site `factory` builds (in any framework) around the logbook, once it listens. */
  static async serve(options: WebLogbookOptions, factory: SiteFactory): Promise<JsonlSite> {
    const site = new JsonlSite(options);
    try {
      site.running = await factory(site.logbook);
    } catch (error) {
      site.logbook.close();
      site.handler.popApplication();
      throw error;
    }
    return site;
  }

  get url(): string {
    return this.running.url;
  }

  /** The log as a file would hold it: one JSON line per record. */
  text(): string {
    return this.handler.records.map((r) => this.formatter.format(r)).join('\n');
  }

  /** The records as written, each checked against the record schema. */
  records(): RecordJson[] {
    return this.handler.records.map(onDisk);
  }

  clear(): void {
    this.handler.records.length = 0;
  }

  /**
   * Waits until `count` access records were written (they come when each response closes). The wait ends as soon as
   * they are there; the timeout only bounds a failing case, so it is generous: on a loaded machine (a mutation run
   * beside other work) a record came later than 2 s and a property failed for no fault of the code.
   */
  /** Waits for `count` access records and returns them all; fails naming what it has if they do not come. */
  async accessRecords(count: number, timeout = 10_000): Promise<RecordJson[]> {
    const access = (): RecordJson[] => this.records().filter((r) => r.event === 'http.request');
    return waitUntil(`${count} access records`, () => (access().length >= count ? access() : undefined), {
      ms: timeout,
      every: 2,
      seen: () =>
        access()
          .map((r) => `${r.request?.method ?? '?'} ${r.request?.path ?? '?'}`)
          .join('\n'),
    });
  }

  async close(): Promise<void> {
    await this.running.close();
    this.logbook.close();
    this.handler.popApplication();
  }
}
