import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  JsonFormatter,
  Logger,
  LogRecord,
  Processor,
  StreamHandler,
  TextFormatter,
  TOP_LEVEL_CONTEXT_KEYS,
  shouldUseColor,
} from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

const log = new Logger('app');

function jsonLines(run: () => void): string[] {
  const stream = new MemoryStream();
  const handler = new StreamHandler(stream, { formatter: new JsonFormatter() });
  handler.pushApplication();
  try {
    run();
  } finally {
    handler.popApplication();
  }
  return stream.lines;
}

describe('JsonFormatter', () => {
  it('writes one schema-valid line per record with template, message and fields', () => {
    const [line] = jsonLines(() =>
      log.notice(
        'User {user} logged in from {ip}',
        { user: 'ann', ip: '203.0.113.9' },
        { event: 'user.login' },
      ),
    );
    const record = assertValidRecord(line!);
    expect(record).toMatchObject({
      v: 1,
      level: 'NOTICE',
      channel: 'app',
      msg: 'User {user} logged in from {ip}',
      message: 'User ann logged in from 203.0.113.9',
      event: 'user.login',
      fields: { user: 'ann', ip: '203.0.113.9' },
      pid: process.pid,
    });
    expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes every key of TOP_LEVEL_CONTEXT_KEYS at the top level, in context order', () => {
    const formatter = new JsonFormatter({ host: 'h' });
    const record = new LogRecord(0, 20, 'app', 'hello');
    const context: Record<string, unknown> = { tenant: 'acme' };
    for (const key of [...TOP_LEVEL_CONTEXT_KEYS].reverse()) context[key] = `${key}-value`;
    record.context = context;
    const parsed = JSON.parse(formatter.format(record)) as Record<string, unknown>;
    for (const key of TOP_LEVEL_CONTEXT_KEYS) expect(parsed[key]).toBe(`${key}-value`);
    expect(parsed.context).toEqual({ tenant: 'acme' });
    const keys = Object.keys(parsed);
    expect(keys.slice(keys.indexOf('message') + 1, -3)).toEqual([...TOP_LEVEL_CONTEXT_KEYS].reverse());
  });

  it('puts known context keys at the top level and others under context', () => {
    pushForTest(
      new Processor((r) => {
        r.set('request', { id: 'r-1', method: 'GET', path: '/' });
        r.set('client', { kind: 'human', browser: 'Firefox 133' });
        r.set('tenant', 'acme');
      }),
    );
    const [line] = jsonLines(() => log.info('hello'));
    const record = assertValidRecord(line!);
    expect(record.request).toEqual({ id: 'r-1', method: 'GET', path: '/' });
    expect(record.client).toEqual({ kind: 'human', browser: 'Firefox 133' });
    expect(record.context).toEqual({ tenant: 'acme' });
  });

  it('serialises errors with cause chains and AggregateError members', () => {
    const root = new Error('connection refused');
    Object.assign(root, { code: 'ECONNREFUSED', port: 5432 });
    const error = new Error('could not load course', { cause: root });
    const aggregate = new AggregateError([new TypeError('a'), new RangeError('b')], 'two failures');
    const lines = jsonLines(() => {
      log.exception(error);
      log.error('batch failed', {}, { error: aggregate });
    });
    const first = assertValidRecord(lines[0]!);
    expect(first.error).toMatchObject({
      name: 'Error',
      message: 'could not load course',
      cause: { name: 'Error', message: 'connection refused', code: 'ECONNREFUSED', props: { port: 5432 } },
    });
    expect((first.error as { stack: string }).stack).toContain('could not load course');
    const second = assertValidRecord(lines[1]!);
    expect((second.error as { errors: { name: string }[] }).errors.map((e) => e.name)).toEqual([
      'TypeError',
      'RangeError',
    ]);
  });

  it('logs hostile values without throwing, as valid JSON and valid UTF-8', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const causeCycle = new Error('outer');
    (causeCycle as { cause?: unknown }).cause = causeCycle;
    const throwingGetter = {
      get secretive(): string {
        throw new Error('no peeking');
      },
    };
    const huge = 'x'.repeat(1024 * 1024);
    const values = {
      cycle,
      big: 2n ** 70n,
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      stringMap: new Map([['k', new Set([1, 2])]]),
      buffer: Buffer.from('hello'),
      date: new Date(0),
      invalidDate: new Date(Number.NaN),
      fn: function named() {},
      sym: Symbol('s'),
      nan: Number.NaN,
      throwingGetter,
      crlf: 'line1\r\nFAKE 2026 ERROR injected',
      surrogate: 'bad \ud800 pair \udfff',
      nul: 'a\u0000b',
      huge,
      causeCycle,
      deep: JSON.parse('['.repeat(50) + ']'.repeat(50)),
    };
    const lines = jsonLines(() => {
      log.warning('hostile {crlf} {surrogate}', values);
      log.error('huge {huge}', { huge });
    });
    expect(lines).toHaveLength(2);
    const record = assertValidRecord(lines[0]!);
    const fields = record.fields as Record<string, unknown>;
    expect(fields.cycle).toEqual({ name: 'loop', self: '[Circular]' });
    expect(fields.big).toBe('1180591620717411303424');
    expect(fields.map).toEqual([
      ['a', 1],
      [2, 'b'],
    ]);
    expect(fields.stringMap).toEqual({ k: [1, 2] });
    expect(fields.buffer).toBe('[Buffer 5 bytes]');
    expect(fields.invalidDate).toBe('Invalid Date');
    expect(fields.throwingGetter).toEqual({ secretive: '[Thrown: no peeking]' });
    expect(fields.crlf).toBe('line1\r\nFAKE 2026 ERROR injected');
    expect(fields.causeCycle).toMatchObject({ message: 'outer', cause: { name: 'Circular' } });
    // Lone surrogates must come out as escapes so the file stays valid UTF-8.
    expect(lines[0]).toContain('\\ud800');
    expect(Buffer.from(lines[0]!, 'utf8').toString('utf8')).toBe(lines[0]);
    expect((assertValidRecord(lines[1]!).fields as { huge: string }).huge).toHaveLength(huge.length);
  });

  it('writes no context object when every context value is undefined, and leaves undefined ones out', () => {
    const json = new JsonFormatter({ host: 'h' });
    const record = new LogRecord(0, 30, 'app', 'x');
    record.set('tenant', undefined);
    record.set('user', undefined);
    expect(json.format(record)).not.toContain('context');
    expect(json.format(record)).not.toContain('user');
    record.set('region', 'eu');
    expect(assertValidRecord(json.format(record)).context).toEqual({ region: 'eu' });
  });

  it('writes a subclass’s own line also as the UTF-8 bytes a file handler writes', () => {
    class Tagged extends JsonFormatter {
      override format(record: LogRecord): string {
        return super.format(record).replace('{"v":1,', '{"v":1,"tag":"caf\u00e9",');
      }
    }
    const record = new LogRecord(0, 30, 'app', 'x');
    const bytes = new Tagged({ host: 'h' }).formatUtf8Bytes(record);
    expect(Buffer.from(bytes, 'latin1').toString('utf8')).toBe(new Tagged({ host: 'h' }).format(record));
    expect(bytes).toContain('"tag":"caf\u00c3\u00a9"');
  });

  it('writes text beyond ASCII as the same UTF-8 bytes every time, also where it reuses JSON', () => {
    // The JSON of frozen objects and the key prefixes of objects (`{"größe":`) are reused from record to record;
    // text that needs converting for a file must be converted each time.
    const json = new JsonFormatter({ host: 'h' });
    const fieldsList: Record<string, unknown>[] = [
      { place: Object.freeze({ city: 'Zürich', code: 'ZH' }) },
      { größe: 1 },
      { maße: { höhe: 2 }, n: 1 },
    ];
    for (const fields of fieldsList) {
      for (const n of [1, 2, 3]) {
        const bytes = json.formatUtf8Bytes(new LogRecord(n, 30, 'app', 'x', fields));
        const line = Buffer.from(bytes, 'latin1').toString('utf8');
        expect((JSON.parse(line) as { fields: unknown }).fields).toEqual(fields);
      }
    }
  });

  it('writes every millisecond with three digits in the JSON and the text time', () => {
    const json = new JsonFormatter({ host: 'h' });
    const text = new TextFormatter({ template: '{time}' });
    const base = Date.UTC(2026, 10, 21, 19, 54, 26);
    for (const ms of [0, 1, 9, 10, 99, 100, 101, 999]) {
      const iso = new Date(base + ms).toISOString();
      expect(text.format(new LogRecord(base + ms, 30, 'app', 'x'))).toBe(`${iso}\n`);
      expect(assertValidRecord(json.format(new LogRecord(base + ms, 30, 'app', 'x'))).time).toBe(iso);
    }
  });

  it('writes the error description a processor set on the record, and a context look-up of an empty record is undefined', () => {
    const record = new LogRecord(0, 50, 'app', 'failed', undefined, new Error('boom'));
    expect(record.get('request')).toBeUndefined();
    record.errorInfo = { name: 'Error', message: 'boom', fingerprint: 'f-1a2b' };
    expect(assertValidRecord(new JsonFormatter({ host: 'h' }).format(record)).error).toEqual({
      name: 'Error',
      message: 'boom',
      fingerprint: 'f-1a2b',
    });
  });

  it('writes local time with an offset when asked', () => {
    const record = new LogRecord(Date.UTC(2026, 10, 21, 12, 0, 0, 5), 30, 'app', 'x');
    const line = new JsonFormatter({ time: 'local' }).format(record);
    expect(assertValidRecord(line).time).toMatch(/^2026-11-2\dT\d\d:\d\d:00\.005[+-]\d\d:\d\d$/);
  });
});

describe('TextFormatter', () => {
  it('uses the default template', () => {
    const record = new LogRecord(Date.UTC(2026, 10, 21, 19, 54, 26, 123), 35, 'auth', 'User {u} in', {
      u: 'ann',
    });
    expect(new TextFormatter().format(record)).toBe('[2026-11-21T19:54:26.123Z] NOTICE: auth: User ann in\n');
  });

  it('escapes CR, LF and control characters so a value cannot forge a line', () => {
    const record = new LogRecord(0, 30, 'app', 'UA {ua}', {
      ua: 'curl\n[2026-11-21T00:00:00.000Z] CRITICAL: app: forged\x1b[31m',
    });
    const text = new TextFormatter().format(record);
    expect(text.split('\n')).toHaveLength(2); // one line plus the final newline
    expect(text).toContain('curl\\n[2026');
    expect(text).toContain('\\e[31m');
  });

  it('shows each control character as a readable escape and leaves all other text as it is', () => {
    const value =
      'a\nb\rc\td\x1be\x00f\x01g\x1fh\x7fi\x80j\x85k\x9fl\u2028m\u2029n' + ' ~\xa0\xe9\xff\u2027\u202a€😀';
    const record = new LogRecord(0, 30, 'app', '{v}', { v: value });
    expect(new TextFormatter({ template: '{message}' }).format(record)).toBe(
      'a\\nb\\rc\\td\\ee\\0f\\x01g\\x1fh\\x7fi\\x80j\\x85k\\x9fl\\u2028m\\u2029n' +
        ' ~\xa0\xe9\xff\u2027\u202a€😀\n',
    );
  });

  it('fills every placeholder as documented, empty where the record has nothing', () => {
    const template = '{msg}|{event}|{fields}|{error}|{pid}|{host}|{request.id}|{tenant}|{missing.part}';
    const text = new TextFormatter({ template, stack: false });
    const record = new LogRecord(
      0,
      30,
      'app',
      'hi {who}',
      { who: 'ann' },
      new RangeError('too far'),
      'user.hi',
    );
    record.set('request', { id: 'r-1' });
    record.set('tenant', { name: 'acme' });
    expect(text.format(record)).toBe(
      `hi {who}|user.hi|{"who":"ann"}|RangeError: too far|${process.pid}|${hostname()}|r-1|{"name":"acme"}|\n`,
    );
    expect(text.format(new LogRecord(0, 30, 'app', 'bare'))).toBe(
      `bare||||${process.pid}|${hostname()}|||\n`,
    );
  });

  it('shows an error without a stack by name and message under the line, and its causes', () => {
    const bare = Object.assign(new Error('no stack here'), { stack: undefined });
    const withCause = Object.assign(new Error('outer', { cause: bare }), { stack: undefined });
    const text = new TextFormatter({ template: '{message}' });
    expect(text.format(new LogRecord(0, 50, 'app', 'failed', undefined, bare))).toBe('failed\n');
    expect(text.format(new LogRecord(0, 50, 'app', 'failed', undefined, withCause))).toBe(
      'failed\n    Caused by: Error: no stack here\n',
    );
    expect(
      new TextFormatter({ template: '{message}', stack: false }).format(
        new LogRecord(0, 50, 'app', 'failed', undefined, new Error('x')),
      ),
    ).toBe('failed\n');
  });

  it('supports context placeholders and appends an indented stack', () => {
    const record = new LogRecord(0, 50, 'app', 'failed', undefined, new Error('boom'));
    record.set('request', { id: 'r-42' });
    const text = new TextFormatter({ template: '{level} {request.id} {message} {error}' }).format(record);
    expect(text.startsWith('ERROR r-42 failed Error: boom\n    Error: boom\n    at ')).toBe(true);
  });
});

describe('ConsoleFormatter', () => {
  it('colours only when allowed: FORCE_COLOR, NO_COLOR, TTY', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('takes an empty FORCE_COLOR or NO_COLOR as not set, and FORCE_COLOR=false as off', () => {
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor(undefined, {})).toBe(false);
  });

  it('writes the exact coloured line: dim local clock, level colour by band, bold channel, dim event, fields and stack', () => {
    const colour = new ConsoleFormatter({ color: true });
    const at = Date.UTC(2026, 10, 21, 3, 4, 5, 6);
    // The clock is the machine's local time: in the zone the process runs in (UTC here, 03:04:05.006), read
    // from the Date, so that this holds in any zone.
    const date = new Date(at);
    const clock = [date.getHours(), date.getMinutes(), date.getSeconds()]
      .map((n) => String(n).padStart(2, '0'))
      .join(':');
    const record = new LogRecord(
      at,
      45,
      'db',
      'slow {ms}',
      { ms: 900, table: 'users' },
      undefined,
      'db.slow',
    );
    expect(colour.format(record)).toBe(
      `\x1b[2m${clock}.006\x1b[0m \x1b[33mWARNING \x1b[0m\x1b[1mdb\x1b[0m: slow 900` +
        ' \x1b[2m[db.slow]\x1b[0m \x1b[2m{"table":"users"}\x1b[0m\n',
    );
    const failed = new LogRecord(at, 60, 'db', 'down', undefined, new Error('gone'));
    // ESC shown as `^`, so that the patterns hold no control character.
    const line = colour.format(failed).replaceAll('\x1b', '^');
    expect(line.startsWith(`^[2m${clock}.006^[0m `)).toBe(true);
    expect(line).toMatch(/^\^\[2m[\d:.]+\^\[0m \^\[1;37;41mCRITICAL\^\[0m\^\[1mdb\^\[0m: down/);
    expect(line).toMatch(/: down\^\[2m\n {4}Error: gone\n {4}at [^]*\^\[0m\n$/);
    // Each level band starts at its named level: a custom level takes the colour of the one below it.
    const painted = (level: number): string =>
      /^\^\[2m[^^]*\^\[0m (\^\[[0-9;]*m)/.exec(
        new ConsoleFormatter({ color: true })
          .format(new LogRecord(0, level, 'a', 'm'))
          .replaceAll('\x1b', '^'),
      )![1]!;
    const bands = [0, 10, 29, 30, 34, 35, 39, 40, 49, 50, 59, 60, 99].map(painted);
    const [grey, green, cyan, yellow, red, white] = [90, 32, 36, 33, 31, '1;37;41'].map((c) => `^[${c}m`);
    expect(bands).toEqual([
      grey,
      grey,
      grey,
      green,
      green,
      cyan,
      cyan,
      yellow,
      yellow,
      red,
      red,
      white,
      white,
    ]);
  });

  it('paints the level and escapes the message', () => {
    const record = new LogRecord(0, 50, 'app', 'bad {x}', { x: 'a\nb' });
    const coloured = new ConsoleFormatter({ color: true }).format(record);
    const plain = new ConsoleFormatter({ color: false }).format(record);
    expect(coloured).toContain('\x1b[31mERROR');
    expect(plain).not.toContain('\x1b');
    expect(plain).toContain('bad a\\nb');
  });

  it('shows after the message only the fields it does not already show', () => {
    const plain = new ConsoleFormatter({ color: false });
    const line = (msg: string, fields: Record<string, unknown> | unknown[]): string =>
      plain.format(new LogRecord(0, 20, 'app', msg, fields));
    // Every field is in the message: nothing repeats it.
    expect(line('GET {path} → {status}', { path: '/', status: 200 })).toMatch(/app: GET \/ → 200\n$/);
    // The others follow it.
    expect(line('User {user} logged in', { user: 'ann', ip: '203.0.113.9' })).toMatch(
      /app: User ann logged in \{"ip":"203\.0\.113\.9"\}\n$/,
    );
    // A dotted hole shows one part of a field: the field is still shown whole.
    expect(line('Hello {user.name}', { user: { name: 'ann', id: 7 } })).toContain(
      'Hello ann {"user":{"name":"ann","id":7}}',
    );
    // Positional fields, and a message with no holes, show their fields as before.
    expect(line('{0} and {1}', ['a', 'b'])).toContain('a and b ["a","b"]');
    expect(line('plain', { n: 1 })).toContain('plain {"n":1}');
    // A field named like the template's own text between holes is no hole: it is shown.
    expect(line('Image {w}x{h}', { w: 800, h: 600, x: 2 })).toMatch(/app: Image 800x600 \{"x":2\}\n$/);
  });

  it('still shows an error the message names: the message has only its name and message, not its code or stack', () => {
    const plain = new ConsoleFormatter({ color: false });
    const err = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const line = plain.format(new LogRecord(0, 40, 'db', 'Retrying after {err}', { err, attempt: 2 }));
    expect(line).toContain('Retrying after Error: connect ECONNREFUSED 10.0.0.5:5432 {"err":{');
    expect(line).toContain('"code":"ECONNREFUSED"');
    expect(line).toContain('formatters.test.ts'); // its stack
    expect(line).toContain('"attempt":2');
    // A value that throws when looked at does not lose the line.
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(plain.format(new LogRecord(0, 40, 'db', 'Got {p}', { p: proxy, n: 1 }))).toContain('{"n":1}');
  });
});
