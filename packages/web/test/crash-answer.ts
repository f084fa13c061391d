// What a visitor of a crashed request must get, whatever the framework: a 500 page (or JSON for a client that asked
// for it) that parses and shows the incident reference and the request id, and nothing of what was thrown (the
// thrown values of thrown-values.ts carry MARK-…-KRAM, markup and a stack-like path).

import { expect } from 'vitest';

/** A page whose tags open and close in order (void elements aside): what a browser renders as written. */
export function tagsBalance(html: string): boolean {
  const open: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>/g)) {
    const name = match[2]!.toLowerCase();
    if (name === 'meta' || name === 'br') continue;
    if (match[1] === '') open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0 && html.replace(/<[^<>]*>/g, '').indexOf('<') === -1;
}

/** Checks the answer of a crashed request and returns the incident reference it shows. */
export function expectCrashAnswer(response: Response, body: string): string {
  expect(response.status, body).toBe(500);
  const id = response.headers.get('x-request-id')!;
  const ref = /E-[0-9A-HJKMNP-TV-Z]{6}/.exec(body)?.[0];
  expect(ref, body).toBeDefined();
  expect(body).not.toContain('MARK-');
  expect(body).not.toContain('KRAM');
  expect(body).not.toContain('/srv/');
  expect(body).not.toMatch(/\bat \S+:\d+/);
  if (response.headers.get('content-type')!.startsWith('application/json')) {
    expect(JSON.parse(body)).toEqual({
      error: 'internal_error',
      message: expect.any(String) as string,
      incident: ref,
      request_id: id,
    });
  } else {
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(tagsBalance(body), body).toBe(true);
    expect(body).toContain(id);
  }
  return ref!;
}
