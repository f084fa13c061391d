import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The dashboard's own folder: `packages/insight/dashboard`, beside `src/` and `dist/`. */
export const DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard');

const require = createRequire(import.meta.url);

/** The charting library's files, served from the installed package (never a CDN), by fixed name only. */
export const VENDOR: Readonly<Record<string, string>> = {
  '/vendor/uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
  '/vendor/uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
};

/**
 * Maps a URL path to a file inside `root`, or undefined when it would leave it. The path is decoded once
 * (so `%2e%2e%2f` is seen as `../`), refused if it holds a NUL or a backslash, resolved, and checked against
 * the root both before and after symlinks are followed.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, rel);
  if (!inside(root, full)) return undefined;
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return undefined;
  }
  if (!inside(realpathSync(root), real)) return undefined;
  try {
    if (!statSync(real).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return real;
}

function inside(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

const cache = new Map<string, Buffer>();

/** Serves a dashboard file or a vendored chart file; false when there is no such file (the caller sends 404). */
export function serveStatic(res: ServerResponse, urlPath: string, root = DASHBOARD_DIR): boolean {
  const file = VENDOR[urlPath] ?? resolveInside(root, urlPath);
  if (!file) return false;
  let body = cache.get(file);
  if (!body) {
    body = readFileSync(file);
    if (!file.startsWith(join(root, ''))) cache.set(file, body); // vendored files never change
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
  });
  res.end(body);
  return true;
}
