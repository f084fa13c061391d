// Property: a secret under any key the docs name (any case, any of the separators they ignore, at any depth
// of fields, context values and errors, also inside a thrown value that is no Error) appears in no output a
// handler writes: the JSON line (text and file bytes), the text line with every placeholder, the console
// line, a test handler's formatted lines. Values under other keys are kept.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  JsonFormatter,
  Logger,
  NestedSetup,
  Processor,
  RedactProcessor,
  TestHandler,
  TextFormatter,
} from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

// The names docs/logbook.md lists, spelled as it spells them, and keys that end in a secret word.
const SECRET_NAMES = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'credential',
  'credentials',
  'auth',
  'bearer',
  'jwt',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'session_id',
  'sid',
  'sessid',
  'connect.sid',
  'PHPSESSID',
  'JSESSIONID',
  'ASP.NET_SessionId',
  'koa.sess',
  'koa.sess.sig',
  'sig',
  'x-hub-signature-256',
  'csrf',
  'xsrf',
  'x-csrf',
  'x-xsrf',
  'otp',
  'totp',
  'hotp',
  'otp_code',
  'mfa_code',
  'private_key',
  'encryption_key',
  'signing_key',
  'ssn',
  'iban',
  'credit_card',
  'card_number',
  'cvv',
  'cvc',
  'db_password',
  'csrfToken',
  'stripe-signature',
  'aws_secret_access_key',
  'gpg_passphrase',
  'stripeSecret',
  'x_secret_key',
  'my_apikey',
];
const SEPARATORS = ['-', '_', '.', ' '];

/** A documented name in another case and with separators added or removed, as the docs say they are ignored. */
const secretKey = fc
  .tuple(
    fc.constantFrom(...SECRET_NAMES),
    fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    fc.array(fc.option(fc.constantFrom(...SEPARATORS), { freq: 4 }), { minLength: 40, maxLength: 40 }),
  )
  .map(([name, upper, separators]) =>
    [...name]
      .map((char, i) => {
        const cased = upper[i] === true ? char.toUpperCase() : char.toLowerCase();
        const separator = i > 0 ? (separators[i] ?? '') : '';
        return SEPARATORS.includes(char) ? (separators[i] ?? '') : separator + cased;
      })
      .join(''),
  )
  // A name made only of separators is no key of ours.
  .filter((key) => key.replace(/[-_ .]/g, '') !== '');

// Keys the docs say are kept (they only contain a secret word), and ordinary ones.
const plainKey = fc.constantFrom(
  'user',
  'note',
  'path',
  'author',
  'tokens_used',
  'signatureValid',
  'cacheKey',
  'data',
  'items',
  'headers',
  'config',
);

const token = fc.stringMatching(/^[A-Za-z0-9]{10}$/);

interface Case {
  value: unknown;
  secrets: string[];
  kept: string[];
}

/** A value holding secrets and kept values, the secrets' texts and the kept values' texts. */
const { holder } = fc.letrec<{ holder: Case }>((tie) => ({
  holder: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    token.map((t) => ({ value: `KEEP${t}`, secrets: [], kept: [`KEEP${t}`] })),
    fc
      .tuple(secretKey, token, fc.oneof(fc.constant('string'), fc.constant('object'), fc.constant('array')))
      .map(([key, t, kind]): Case => {
        const secret = `SECRET${t}`;
        const inner = kind === 'string' ? secret : kind === 'object' ? { value: secret } : [secret];
        return { value: Object.fromEntries([[key, inner]]), secrets: [secret], kept: [] };
      }),
    fc.array(fc.tuple(plainKey, tie('holder')), { maxLength: 3 }).map((entries): Case => ({
      value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])),
      // A later entry with the same key replaces the earlier one: only what is kept in the object counts.
      secrets: [...new Map(entries.map(([key, item]) => [key, item])).values()].flatMap(
        (item) => item.secrets,
      ),
      kept: [...new Map(entries.map(([key, item]) => [key, item])).values()].flatMap((item) => item.kept),
    })),
    fc.array(tie('holder'), { maxLength: 3 }).map((items): Case => ({
      value: items.map((item) => item.value),
      secrets: items.flatMap((item) => item.secrets),
      kept: items.flatMap((item) => item.kept),
    })),
    // An HTTP client's error: the secret in its properties (config.headers), in its cause's, or in a cause
    // that is no Error at all.
    fc
      .tuple(token, tie('holder'), fc.constantFrom('props', 'error cause', 'plain cause'))
      .map(([t, inner, where]): Case => {
        const error = new Error(`request failed ${t}`);
        if (where === 'error cause')
          error.cause = Object.assign(new Error('socket'), { config: inner.value });
        else if (where === 'plain cause') error.cause = { config: inner.value };
        else Object.assign(error, { config: inner.value });
        // A cause that is no Error is written as its JSON.stringify text, where a nested error is `{}`: what it
        // holds is not promised to show.
        return { value: error, secrets: inner.secrets, kept: where === 'plain cause' ? [] : inner.kept };
      }),
  ),
}));

const TEMPLATES = [
  'plain message',
  'failed: {error}',
  'saw {data} and {note}',
  'user {user} with {password}',
  'Exception: {error.message}',
  'err {err}',
];

describe('redaction', () => {
  it('leaves no secret in any output and keeps every other value', () => {
    const json = new JsonFormatter({ host: 'h' });
    const text = new TextFormatter({
      template: '[{time}] {level}: {channel}: {message} {fields} {error} {request} {tenant}',
    });
    const console = new ConsoleFormatter({ color: false });
    const log = new Logger('app');
    fc.assert(
      fc.property(
        fc.constantFrom(...TEMPLATES),
        holder,
        holder,
        holder,
        fc.constantFrom('none', 'field', 'option'),
        (template, fields, context, thrown, errorPlace) => {
          const sink = new TestHandler();
          // Pushed before the context processor, so that it runs after it (newest first).
          const redaction = new RedactProcessor();
          const tag = new Processor((record) => {
            record.set('request', { id: 'r-1', headers: context.value });
            record.set('tenant', context.value);
          });
          const setup = new NestedSetup([sink, redaction, tag]).pushApplication();
          const values: Record<string, unknown> = {
            data: fields.value,
            note: 'n',
            user: 'ann',
            password: 'p',
          };
          if (errorPlace === 'field') values['err'] = thrown.value;
          try {
            log.error(template, values, errorPlace === 'option' ? { error: thrown.value } : {});
          } finally {
            setup.popApplication();
          }
          const record = sink.records[0]!;
          const outputs = [
            json.format(record),
            Buffer.from(json.formatUtf8Bytes(record), 'latin1').toString('utf8'),
            text.format(record),
            console.format(record),
            ...sink.formatted,
          ];
          const secrets = [
            ...fields.secrets,
            ...context.secrets,
            ...(errorPlace === 'none' ? [] : thrown.secrets),
          ];
          for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
          const kept = [...fields.kept, ...context.kept, ...(errorPlace === 'field' ? thrown.kept : [])];
          // Anything deeper than 10 levels is written as "[Depth limit]" (record-schema.md), kept or not.
          if (!outputs[0]!.includes('[Depth limit]'))
            for (const value of kept) expect(outputs[0]).toContain(value);
        },
      ),
      propertyRuns(300),
    );
  });
});
