// What a visitor sees when a request crashed: a short page (or JSON) with the incident reference to quote
// and the request id — nothing from the error, no stack, no paths. Everything shown is escaped anyway.

import type { CrashPageInfo, CrashResponse } from './options.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Whether the client asked for JSON rather than a page. */
export function wantsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const json = accept.search(/application\/(?:[\w.+-]*\+)?json/i);
  if (json === -1) return false;
  const html = accept.search(/text\/html/i);
  return html === -1 || json < html;
}

export function defaultCrashPage(info: CrashPageInfo): CrashResponse {
  if (info.json) {
    return {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({
        error: 'internal_error',
        message: 'Something went wrong on our side. Quote the incident reference if you contact us.',
        incident: info.ref,
        request_id: info.requestId,
      }),
    };
  }
  const ref = escapeHtml(info.ref);
  const id = escapeHtml(info.requestId);
  return {
    contentType: 'text/html; charset=utf-8',
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Something went wrong</title>' +
      // Both colours are set, light and dark: a browser in dark mode paints an unstyled page dark, and dark text
      // on it cannot be read. A request id may be 128 characters with no space: it wraps rather than widen a phone.
      '<style>:root{color-scheme:light dark}' +
      'body{font:1rem/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;' +
      'color:#222;background:#fff;overflow-wrap:anywhere}' +
      'code{font-size:1.4rem;background:#f0f0f0;padding:.1rem .5rem;border-radius:4px;user-select:all}' +
      'h1{line-height:1.2}small{color:#555}' +
      '@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#181818}code{background:#303030}' +
      'small{color:#b0b0b0}}</style></head><body>' +
      // In a landmark: a screen reader's "go to main content" lands on the message.
      '<main><h1>Something went wrong</h1>' +
      '<p>Sorry — this page failed on our side. The error has been recorded.</p>' +
      `<p>If you contact us, please quote this reference: <code>${ref}</code></p>` +
      `<p><small>Request id: ${id}</small></p>` +
      '</main></body></html>',
  };
}
