// Keeps the first bytes of a JSON or form request body for the incident record, whoever reads the body
// (the app, a body parser, a framework). It hooks the request stream's push(), which Node's HTTP parser
// calls for every body chunk, so nothing is consumed and no reader misses data.

import type { IncomingMessage } from 'node:http';

const CAPTURED = /^(?:application\/(?:[\w.+-]*\+)?json|application\/x-www-form-urlencoded)\b/i;

export class BodyCapture {
  readonly chunks: Buffer[] = [];
  bytes = 0;
  total = 0;
  constructor(
    readonly contentType: string,
    readonly limit: number,
  ) {}

  add(chunk: unknown): void {
    if (!Buffer.isBuffer(chunk)) return;
    this.total += chunk.length;
    const room = this.limit - this.bytes;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(Buffer.from(part)); // a copy: the parser may reuse its buffer
    this.bytes += part.length;
  }

  /** Whether parsed() gave form fields (flat, one string or list of strings each), not JSON or a note. */
  isForm(parsed: unknown): parsed is Record<string, string | string[]> {
    return typeof parsed === 'object' && parsed !== null && Object.getPrototypeOf(parsed) === null;
  }

  get truncated(): boolean {
    return this.total > this.bytes;
  }

  /** The parsed body (JSON value or form fields), or a note when it cannot be shown safely. */
  parsed(): unknown {
    if (this.truncated) {
      // A cut JSON or form body cannot be parsed, and raw text would hide secrets from redaction.
      return { note: 'body longer than the capture limit; not kept', bytes: this.total };
    }
    const text = Buffer.concat(this.chunks).toString('utf8');
    if (/json/i.test(this.contentType)) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return { note: 'body is not valid JSON; not kept', bytes: this.total };
      }
    }
    // JSON sent as a form (jQuery's default content type): read as fields, the whole text would be one key that
    // no redactor judges, secrets and all. Read as JSON, its secrets are found by name.
    const first = text.trimStart().charCodeAt(0);
    if (first === 123 /* { */ || first === 91 /* [ */) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // A form whose first field name starts with a brace: read it as the form it says it is.
      }
    }
    // No prototype: a field named constructor, toString or __proto__ is a field like any other (on a plain
    // object, `constructor` read as Object and became [Object, value], and `__proto__` was lost).
    const fields = Object.create(null) as Record<string, string | string[]>;
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = fields[key];
      if (existing === undefined) fields[key] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else fields[key] = [existing, value];
    }
    return fields;
  }
}

type Push = (this: void, chunk: unknown, encoding?: BufferEncoding) => boolean;

/** Starts capturing when the request has a JSON or form body; returns undefined otherwise. `limit` is above 0. */
export function captureBody(req: IncomingMessage, limit: number): BodyCapture | undefined {
  const type = req.headers['content-type'];
  if (type === undefined || !CAPTURED.test(type)) return undefined;
  const capture = new BodyCapture(type, limit);
  const target = req as unknown as { push: Push };
  const original = (
    req.push as (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) => boolean
  ).bind(req);
  target.push = (chunk, encoding) => {
    if (chunk !== null) capture.add(chunk);
    return original(chunk, encoding);
  };
  return capture;
}
