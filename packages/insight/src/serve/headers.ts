import type { ServerResponse } from 'node:http';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Headers every response carries, whatever it is. */
export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/**
 * What a browser gets while the logs are still being read: a page that says so and reloads itself (a refresh
 * meta tag: the CSP allows no script here), instead of the JSON error a script gets.
 */
export function sendLoadingPage(res: ServerResponse): void {
  const html =
    // color-scheme: the page follows a dark desktop like the dashboard it turns into (its CSP allows no style).
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">' +
    '<meta name="color-scheme" content="light dark"><meta name="viewport" content="width=device-width">' +
    '<title>Logbook dashboard — reading the logs</title></head><body>' +
    '<h1>Logbook is reading the logs</h1><p>This page reloads itself when they are ready.</p></body></html>';
  res.writeHead(503, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}
