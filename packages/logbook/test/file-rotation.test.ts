// Rotation and reopening with real processes: cluster workers sharing a size-rotated file, logrotate-style
// `mv` followed by SIGHUP, and disks that fail.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'logbook-rotation-'));

function readLines(dir: string, prefix: string): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (text === '') continue;
    expect(text.endsWith('\n'), `${name} ends with a complete line`).toBe(true);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines;
}

describe('RotatingFileHandler with two cluster workers', () => {
  it('keeps exactly 200,000 complete, distinct lines across the rotated files', () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    const result = spawnSync(process.execPath, [fixture('cluster-rotate.mjs'), path, '2', '100000'], {
      encoding: 'utf8',
      timeout: 55_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('done\n');
    const files = readdirSync(dir).filter((n) => n.startsWith('app.jsonl'));
    expect(files.length).toBeGreaterThan(10); // about 22 MB in 1 MB files
    const lines = readLines(dir, 'app.jsonl');
    expect(lines).toHaveLength(200_000);
    const seen = new Set<string>();
    for (const line of lines) {
      const record = JSON.parse(line) as { channel: string; fields: { n: number } };
      seen.add(`${record.channel}:${record.fields.n}`);
    }
    expect(seen.size).toBe(200_000);
  }, 60_000);
});

describe('FileHandler reopening', () => {
  it('after an external mv and SIGHUP writes a new file, and no record is lost', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    const child = spawn(process.execPath, [fixture('sighup.mjs'), path], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // Each step waits for what it needs, not for a guessed time: a loaded machine may not run the child for a
    // few hundred ms, and then the file had no record yet before the move, or none after the reopening.
    const size = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    const seen = (): string => `child output: ${JSON.stringify(out)}; files: ${readdirSync(dir).join(', ')}`;
    await waitUntil('the child to be ready', () => out.includes('ready\n'), { seen });
    await waitUntil('records in the file', () => size(path) > 0, { seen });
    renameSync(path, `${path}.1`); // what logrotate does without copytruncate
    const moved = size(`${path}.1`);
    await waitUntil('records written to the moved file', () => size(`${path}.1`) > moved, { seen });
    child.kill('SIGHUP');
    await waitUntil('records in the file reopened at the path', () => size(path) > 0, { seen });
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
    const total = Number(out.split('\n')[1]);
    const rotated = readLines(dir, 'app.jsonl.1');
    const fresh = readFileSync(path, 'utf8').trim().split('\n');
    expect(rotated.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);
    const numbers = [...rotated, ...fresh].map(
      (line) => (JSON.parse(line) as { fields: { n: number } }).fields.n,
    );
    expect(numbers).toHaveLength(total);
    expect(numbers.every((n, i) => n === i)).toBe(true);
  }, 30_000);
});

describe('FileHandler on a failing disk', () => {
  it('reports a folder it cannot write once on stderr and the application keeps running', () => {
    const dir = tempDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    // root may write anywhere: run the child as nobody so the permission bits apply.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(dir, 65534, 65534);
    const result = spawnSync(process.execPath, [fixture('disk-error.mjs'), join(locked, 'app.jsonl')], {
      encoding: 'utf8',
      timeout: 20_000,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(result.stdout).toBe('still running\n');
    expect(result.status).toBe(0);
    const reports = result.stderr.split('\n').filter((line) => line.startsWith('logbook:'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/EACCES.*not writable by this process/);
  });

  it('creates a removed folder again, says so once, and goes on writing', () => {
    const dir = tempDir();
    const path = join(dir, 'logs', 'app.jsonl');
    const result = spawnSync(process.execPath, [fixture('disk-error.mjs'), path, 'remove'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.stdout).toBe('still running\n');
    const reports = result.stderr.split('\n').filter((line) => line.startsWith('logbook:'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('was removed');
    const rounds = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { fields: { round: number } }).fields.round);
    expect(rounds).toContain(4); // records after the removal are in the new file
  });
});
