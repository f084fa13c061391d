// The second, tiny example (examples/hono-minimal, plain .mjs): its page, action and crash reach the logs.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, records, tempDir } from './support/run.js';

describe('the Hono example', () => {
  it('answers, records the action and turns a crash into an incident, then stops on Ctrl-C', async () => {
    const cwd = tempDir('hono');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'examples/hono-minimal/server.mjs')], {
      cwd,
      env: { ...process.env, PORT: '0', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (found) done(found[0]);
      });
      child.on('close', () => fail(new Error(`the Hono example exited early: ${out}`)));
    });
    expect(await (await fetch(`${url}/`)).text()).toContain('Hello from Hono');
    expect((await fetch(`${url}/subscribe`, { method: 'POST' })).status).toBe(200);
    const crash = await fetch(`${url}/boom`);
    expect(crash.status).toBe(500);
    const ref = /E-[0-9A-Z]{6}/.exec(await crash.text())?.[0];
    const code = await new Promise<number | null>((done) => {
      child.on('close', done);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    const events = records(join(cwd, 'logs', 'app.jsonl')).map((r) => [
      r.event,
      (r.incident as { ref?: string })?.ref,
    ]);
    expect(events.map(([e]) => e)).toEqual([
      'app.start',
      'http.request',
      'newsletter.subscribe',
      'http.request',
      'incident',
      'http.request',
      'app.stop',
    ]);
    expect(events[4]![1]).toBe(ref);
  }, 30_000);
});
