// Found by crashes-in-every-framework-get-one-incident: crashes that a framework's own glue hid from Logbook, or
// answered with what was thrown. Each case is the property's shrunk counterexample, over the real framework.

import { afterEach, describe, expect, it } from 'vitest';
import { expectCrashAnswer } from './crash-answer.js';
import { frameworkSite, type Framework } from './framework-sites.js';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function serve(framework: Framework, thrown: () => unknown): Promise<JsonlSite> {
  site = await JsonlSite.serve({}, frameworkSite(framework, { thrown, steps: async () => undefined }));
  return site;
}

/** The body as far as it came, and whether the connection was cut off before it ended. */
async function readAll(response: Response): Promise<{ text: string; cut: boolean }> {
  const reader = response.body!.getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, cut: false };
      text += Buffer.from(value).toString('utf8');
    }
  } catch {
    return { text, cut: true };
  }
}

async function oneIncident(
  s: JsonlSite,
): Promise<{ ref: string; accessIncident: unknown; level: string; message?: string }> {
  const [access] = await s.accessRecords(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const incidents = s.records().filter((r) => r.event === 'incident');
  expect(
    incidents,
    s
      .records()
      .map((r) => r.message)
      .join('\n'),
  ).toHaveLength(1);
  return {
    ref: incidents[0]!.incident!.ref,
    message: incidents[0]!.error?.message,
    accessIncident: (access?.fields as { incident?: unknown }).incident,
    level: access!.level,
  };
}

describe('Koa: a crash after the app wrote the head itself (ctx.res.writeHead)', () => {
  it('cuts the response off instead of appending the crash page to a 200 that looks complete', async () => {
    const s = await serve('Koa', () => new Error('late failure'));
    const response = await fetch(`${s.url}/crash/after-headers/1`);
    const { text, cut } = await readAll(response);
    expect(response.status).toBe(200);
    expect(text).toBe('part one\n'); // was 'part one\n<!doctype html>…' ending normally
    expect(cut).toBe(true);
    const { ref, accessIncident, level } = await oneIncident(s);
    expect(accessIncident).toBe(ref);
    expect(level).toBe('ERROR');
  });
});

describe('Hono: a thrown value that is not an Error', () => {
  it('gets the crash page and an incident (Hono passes only Errors to onError; node-server answered a bare 500)', async () => {
    const s = await serve('Hono', () => 'card declined for MARK-order-KRAM');
    const response = await fetch(`${s.url}/crash/sync/1`, { headers: { accept: 'application/json' } });
    const ref = expectCrashAnswer(response, await response.text());
    const incident = await oneIncident(s);
    expect(incident.ref).toBe(ref);
    expect(incident.accessIncident).toBe(ref);
    // The incident tells what was thrown, not a failure of Hono's that followed from it.
    expect(incident.message).toBe('card declined for MARK-order-KRAM');
  });
});

describe('Hono: a ReadableStream body that fails while streaming', () => {
  it('is an incident, named on the ERROR access record (node-server destroys the response with the error)', async () => {
    const s = await serve('Hono', () => new Error('upstream feed broke'));
    const response = await fetch(`${s.url}/crash/streaming/1`);
    const { cut } = await readAll(response);
    expect(cut).toBe(true);
    const { ref, accessIncident, level } = await oneIncident(s);
    expect(accessIncident).toBe(ref);
    expect(level).toBe('ERROR');
  });
});

describe('Fastify: an error thrown after `await reply.send()`', () => {
  it('is recorded as an incident (Fastify hands it to its logger alone)', async () => {
    const s = await serve('Fastify', () => new Error('audit write failed'));
    const response = await fetch(`${s.url}/crash/after-headers/1`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('part one\n');
    const { ref } = await oneIncident(s);
    expect(ref).toMatch(/^E-/);
  });
});

describe('Fastify: an error whose status getter throws', () => {
  it("gets the crash page, not a 200 showing the getter's message", async () => {
    const s = await serve('Fastify', () =>
      Object.defineProperty(new Error('db down'), 'status', {
        get() {
          throw new Error('MARK-no status-KRAM');
        },
      }),
    );
    const response = await fetch(`${s.url}/crash/sync/1`, { headers: { accept: 'application/json' } });
    const ref = expectCrashAnswer(response, await response.text()); // was 200 {"message":"MARK-no status-KRAM"}
    const incident = await oneIncident(s);
    expect(incident.ref).toBe(ref);
  });
});
