import type { ServerResponse } from 'node:http';

/** Server-sent events to every open dashboard; a comment line every 15 s keeps proxies from closing the stream. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly beat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.beat = setInterval(() => {
      for (const c of this.clients) c.write(': ping\n\n');
    }, heartbeatMs);
    this.beat.unref();
  }

  open(res: ServerResponse, hello: unknown): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) c.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.beat);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
