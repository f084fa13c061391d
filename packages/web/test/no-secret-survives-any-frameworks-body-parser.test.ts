// In node:http, Express (express.json, express.urlencoded with qs), Fastify (its JSON parser, @fastify/formbody),
// Hono (c.req.json, c.req.parseBody) and Koa (@koa/bodyparser), a request whose handler crashes after the
// framework's own parser read its body leaves no secret anywhere in the log text: not from the headers, the query
// or the body — also under the bracketed names qs, PHP and Rails forms use (`user[password]`, `card[cvv]`), and in
// a JSON body sent with the form content type (jQuery's default). The body's plain values stay in the incident.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { FRAMEWORKS, frameworkSite } from './framework-sites.js';
import { JsonlSite } from './jsonl-site.js';

const SECRET_WORDS = ['password', 'token', 'api_key', 'secret', 'card_number', 'cvv', 'otp', 'client_secret'];
const PLAIN_WORDS = ['name', 'note', 'qty', 'author'];

let serial = 0;
const secretValue = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'abcXYZ019'.split('')), minLength: 4, maxLength: 8 }),
    fc.constantFrom('', ' ', '&', '=', 'é', '"', '+', '%', '[', ']'),
  )
  // Ends in U, which no record time (`…20.059Z`), request id or incident reference holds: the four-character tail
  // checked below cannot be met there by chance (with Z it once matched a record's milliseconds).
  .map(([text, odd]) => `SeCrEt${text}${odd}${(serial++).toString(36)}U`);
const plainValue = fc
  .string({ unit: fc.constantFrom(...'abcdefgh0123'.split('')), minLength: 3, maxLength: 8 })
  .map((text) => `kept${text}`);

/** A field's path: its name inside zero to two parents (`user[password]`, `{ "user": { "password": … } }`). */
const parents = fc.array(fc.constantFrom('user', 'card', 'data', 'items'), { maxLength: 2 });
const field = <T>(word: fc.Arbitrary<string>, value: fc.Arbitrary<T>) =>
  fc.record({ parents, word, value, upper: fc.boolean() });

interface Field {
  parents: string[];
  word: string;
  value: string;
  upper: boolean;
}

function name(f: Field): string {
  return f.upper ? f.word.toUpperCase() : f.word;
}

/** `user[card][password]`, as qs, PHP and Rails write a nested form field. */
function formKey(f: Field): string {
  return f.parents.length === 0
    ? name(f)
    : `${f.parents[0]}${[...f.parents.slice(1), name(f)].map((p) => `[${p}]`).join('')}`;
}

function jsonBody(fields: Field[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const f of fields) {
    let at = root;
    for (const p of f.parents) {
      const next = at[p];
      at = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (at[p] = {});
    }
    at[name(f)] = f.value;
  }
  return root;
}

function spellings(value: string): string[] {
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    // What sits safely between the odd character and the end, however the odd one was written.
    value.slice(value.length - 4),
  ];
}

const BODY_KINDS = ['json', 'form', 'json-as-form'] as const;

describe.each(FRAMEWORKS)('no secret survives %s and its body parser', (framework) => {
  it('for secrets in headers, the query and a JSON or form body, nested or not', async () => {
    const site = await JsonlSite.serve(
      { captureBody: { limit: 65536 } },
      frameworkSite(framework, {
        thrown: () => new Error('checkout failed'),
        steps: async () => undefined,
      }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(field(fc.constantFrom(...SECRET_WORDS), secretValue), { minLength: 1, maxLength: 3 }),
          fc.array(field(fc.constantFrom(...PLAIN_WORDS), plainValue), { maxLength: 3 }),
          fc.constantFrom(...BODY_KINDS),
          fc.constantFrom('', '; charset=utf-8', '; charset=UTF-8'),
          field(fc.constantFrom(...SECRET_WORDS), secretValue),
          secretValue.map((v) => v.replace(/[^A-Za-z0-9]/g, 'q')),
          async (secrets, plains, kind, charset, inQuery, inHeader) => {
            site.clear();
            const fields = [...plains, ...secrets];
            const body =
              kind === 'form'
                ? fields
                    .map((f) => `${encodeURIComponent(formKey(f))}=${encodeURIComponent(f.value)}`)
                    .join('&')
                : JSON.stringify(jsonBody(fields));
            const type = kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
            const query = `${encodeURIComponent(formKey(inQuery))}=${encodeURIComponent(inQuery.value)}`;
            const response = await fetch(`${site.url}/${kind === 'json' ? 'json' : 'form'}/1?${query}`, {
              method: 'POST',
              headers: {
                'content-type': type + charset,
                authorization: `Bearer ${inHeader}`,
                'x-api-key': inHeader,
                accept: 'application/json',
              },
              body,
              signal: AbortSignal.timeout(15_000),
            });
            await response.text();
            await site.accessRecords(1);
            await new Promise((resolve) => setTimeout(resolve, 5));
            const text = site.text();
            for (const secret of [...secrets.map((s) => s.value), inQuery.value, inHeader]) {
              for (const spelled of spellings(secret))
                expect(
                  text.includes(spelled),
                  `${spelled} of ${secret} (${kind}): …${text.slice(text.indexOf(spelled) - 300, text.indexOf(spelled) + 100)}…`,
                ).toBe(false);
            }
            const incident = site.records().find((r) => r.event === 'incident');
            // A body the framework refused (bad JSON for its parser) is a 4xx and no incident: nothing to keep.
            if (incident === undefined) {
              expect(response.status).toBeLessThan(500);
              return;
            }
            const received = JSON.stringify(incident.incident?.received);
            // Parents and plain words are never secret names, and no field's name is another's parent.
            for (const plain of plains) expect(received, `${plain.value} (${kind})`).toContain(plain.value);
          },
        ),
        propertyRuns(60),
      );
    } finally {
      await site.close();
    }
  });
});
