// A node:http site for the property tests: a web logbook with the given options, a request listener, and the
// JSON lines a file handler would get (every level), so that a property can search the whole log text.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonFormatter, Level, TestHandler } from 'logbook';
import type { RecordJson } from 'logbook/schema';
import {
  createWebLogbook,
  type NodeRequestListener,
  type WebLogbook,
  type WebLogbookOptions,
} from '../src/index.js';
import { onDisk } from './behaviour.js';

export class JsonlSite {
  readonly handler: TestHandler;
  readonly logbook: WebLogbook;
  readonly server: Server;
  private readonly formatter = new JsonFormatter();
  port = 0;

  private constructor(options: WebLogbookOptions, listener: NodeRequestListener) {
    this.handler = new TestHandler({ level: Level.DEBUG }).pushApplication();
    this.logbook = createWebLogbook(options);
    this.server = createServer(this.logbook.node(listener));
  }

  static async start(options: WebLogbookOptions, listener: NodeRequestListener): Promise<JsonlSite> {
    const site = new JsonlSite(options, listener);
    await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
    site.logbook.started(site.server);
    site.port = (site.server.address() as AddressInfo).port;
    return site;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
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

  /** Waits until `count` access records were written (they come when each response closes). */
  async accessRecords(count: number, timeout = 2000): Promise<RecordJson[]> {
    const until = Date.now() + timeout;
    for (;;) {
      const found = this.records().filter((r) => r.event === 'http.request');
      if (found.length >= count || Date.now() > until) return found;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.logbook.close();
    this.handler.popApplication();
  }
}
