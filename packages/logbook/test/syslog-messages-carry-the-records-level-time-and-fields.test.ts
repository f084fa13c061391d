// What a syslog server shows of a record: its severity (from the level), its time, the header fields as given or
// made safe, the structured data, and the text. Mutation testing of handlers/syslog.ts showed that no test
// checked most of these beyond the WARNING of the rsyslog test: every level could have been sent as WARNING, the
// time as the NILVALUE, and the BOM left out, and all tests passed.
import { describe, expect, it } from 'vitest';
import { Level, LogRecord, SyslogHandler, TextFormatter, type SyslogHandlerOptions } from '../src/index.js';

const TIME = Date.UTC(2026, 10, 22, 13, 5, 0, 7);

/** The message `options` make of `record`, as text. */
function messageOf(record: LogRecord, options: SyslogHandlerOptions = {}): string {
  const handler = new SyslogHandler({ appName: 'app', procId: '1', hostname: 'h', ...options });
  try {
    return handler.message(record).toString('utf8');
  } finally {
    void handler.close();
  }
}

const record = (
  level: number,
  message = 'hello',
  fields?: Record<string, unknown>,
  error?: unknown,
): LogRecord => new LogRecord(TIME, level, 'shop', message, fields, error, 'order.paid');

describe('a syslog message', () => {
  it('has the severity of its level: CRITICAL 2, ERROR 3, WARNING 4, NOTICE 5, INFO 6, DEBUG and TRACE 7', () => {
    const pri = (level: number): number =>
      Number(/^<(\d+)>/.exec(messageOf(record(level), { facility: 'local0' }))![1]);
    const levels = [
      Level.CRITICAL,
      70,
      Level.ERROR,
      Level.WARNING,
      Level.NOTICE,
      Level.INFO,
      Level.DEBUG,
      Level.TRACE,
    ];
    expect(levels.map((level) => pri(level) - 16 * 8)).toEqual([2, 2, 3, 4, 5, 6, 7, 7]);
    // Levels between the named ones take the severity of the one below.
    expect([59, 49, 39, 34, 29].map((level) => pri(level) - 16 * 8)).toEqual([3, 4, 5, 6, 7]);
  });

  it('has the facility given by name or number', () => {
    expect(messageOf(record(Level.INFO), { facility: 'mail' })).toMatch(/^<22>1 /);
    expect(messageOf(record(Level.INFO), { facility: 23 })).toMatch(/^<190>1 /);
    expect(messageOf(record(Level.INFO))).toMatch(/^<14>1 /); // user
  });

  it("has the record's time, header fields, structured data and a BOM before the text", () => {
    expect(messageOf(record(Level.INFO, 'Order {id} paid', { id: 'o-1', total: 12.5, gift: false }))).toBe(
      '<14>1 2026-11-22T13:05:00.007Z h app 1 order.paid [logbook@32473 channel="shop" level="INFO"]' +
        '[fields@32473 id="o-1" total="12.5" gift="false"] \uFEFFOrder o-1 paid',
    );
  });

  it('makes header fields printable ASCII without spaces, and an empty one the NILVALUE', () => {
    const text = messageOf(new LogRecord(TIME, Level.INFO, 'shop', 'hi', undefined, undefined, 'a b→c'), {
      appName: 'my app',
      procId: '',
      hostname: 'host\tname',
    });
    expect(text).toMatch(/^<14>1 2026-11-22T13:05:00\.007Z host_name my_app - a_b_c \[/);
  });

  it('cuts header fields to their RFC 5424 lengths', () => {
    const text = messageOf(
      new LogRecord(TIME, Level.INFO, 'shop', 'hi', undefined, undefined, 'e'.repeat(40)),
      {
        appName: 'a'.repeat(60),
      },
    );
    expect(text.split(' ').slice(3, 6)).toEqual(['a'.repeat(48), '1', 'e'.repeat(32)]);
  });

  it('names the main script (without .js) as APP-NAME by default', () => {
    const handler = new SyslogHandler({ procId: '1', hostname: 'h' });
    const text = handler.message(record(Level.INFO)).toString('utf8');
    void handler.close();
    const script = (process.argv[1] ?? 'node')
      .split('/')
      .pop()!
      .replace(/\.[cm]?js$/, '');
    expect(text.split(' ')[3]).toBe(script.replace(/[^\x21-\x7e]/g, '_') || '-');
    expect(text.split(' ')[3]).not.toMatch(/\.m?js$/);
  });

  it('writes as structured data only fields that are strings, numbers or booleans, with names and values made safe', () => {
    const text = messageOf(
      record(Level.INFO, 'x', {
        'a b=c]"d': 'say "hi" \\ [ok]',
        nested: { a: 1 },
        list: [1],
        none: null,
        n: 0,
      }),
    );
    expect(text).toContain('[fields@32473 a_b_c__d="say \\"hi\\" \\\\ [ok\\]" n="0"]');
    expect(text).not.toContain('nested');
    expect(messageOf(record(Level.INFO, 'x', { ['k'.repeat(40)]: 1 }))).toContain(
      `[fields@32473 ${'k'.repeat(32)}="1"]`,
    );
    expect(messageOf(record(Level.INFO, 'x', { nested: { a: 1 } }))).toContain(
      '[logbook@32473 channel="shop" level="INFO"] \uFEFF',
    );
    expect(messageOf(new LogRecord(TIME, Level.INFO, 'shop', 'x', [1, 2]))).toContain(
      '[logbook@32473 channel="shop" level="INFO"] \uFEFF',
    );
  });

  it('uses structured data of its own: undefined values left out, none at all the NILVALUE', () => {
    const own = (data: ReturnType<NonNullable<SyslogHandlerOptions['structuredData']>>): string =>
      messageOf(record(Level.INFO), { structuredData: () => data });
    expect(own({ 'order@1': { id: 'o-1', skip: undefined } })).toContain(' [order@1 id="o-1"] \uFEFFhello');
    expect(own({ 'x@1': {}, '': {} })).toContain(' [x@1][_] \uFEFFhello');
    expect(own(undefined)).toContain(' order.paid - \uFEFFhello');
    expect(own({})).toContain(' order.paid - \uFEFFhello');
  });

  it("adds the error to the text unless the message already says it; a formatter's line is sent without its line end", () => {
    const error = new TypeError('card declined');
    expect(messageOf(record(Level.ERROR, 'payment failed', undefined, error))).toMatch(
      /\uFEFFpayment failed \(TypeError: card declined\)$/,
    );
    expect(messageOf(record(Level.ERROR, 'payment failed: card declined', undefined, error))).toMatch(
      /\uFEFFpayment failed: card declined$/,
    );
    const formatted = messageOf(record(Level.INFO, 'hello'), {
      formatter: new TextFormatter({ template: '{level}: {message}' }),
    });
    expect(formatted).toMatch(/\uFEFFINFO: hello$/);
  });

  it('of exactly maxMessageSize bytes is sent whole', () => {
    const whole = messageOf(record(Level.INFO, 'x'.repeat(100)));
    const length = Buffer.byteLength(whole);
    expect(messageOf(record(Level.INFO, 'x'.repeat(100)), { maxMessageSize: length })).toBe(whole);
    expect(messageOf(record(Level.INFO, 'x'.repeat(100)), { maxMessageSize: length - 1 })).toBe(
      whole.slice(0, -1),
    );
  });
});

describe('SyslogHandler options', () => {
  it('are refused with the reason: an unknown transport or facility, a unix transport without a path', () => {
    expect(() => new SyslogHandler({ transport: 'http' as 'udp' })).toThrow(
      /^transport must be 'udp', 'tcp', 'tls' or 'unix', got "http"\.$/,
    );
    expect(() => new SyslogHandler({ transport: 'unix' })).toThrow(/needs `path`/);
    for (const facility of [-1, 24, 1.5, 'nope' as 'user']) {
      expect(() => new SyslogHandler({ facility })).toThrow(
        `facility must be a syslog facility name or 0–23, got ${JSON.stringify(facility)}.`,
      );
    }
  });

  it('name where messages go: port 514, or 6514 for TLS, unless given', async () => {
    const names: string[] = [];
    for (const options of [
      { transport: 'udp' },
      { transport: 'tcp', host: '127.0.0.1', port: 1, reconnectMs: { initial: 60_000 }, errors: 'silent' },
      {
        transport: 'unix',
        path: '/nonexistent/syslog.sock',
        reconnectMs: { initial: 60_000 },
        errors: 'silent',
      },
    ] as const) {
      const handler = new SyslogHandler(options);
      names.push(String(handler));
      await handler.close();
    }
    expect(names).toEqual([
      'SyslogHandler(udp 127.0.0.1:514)',
      'SyslogHandler(tcp 127.0.0.1:1)',
      'SyslogHandler(unix /nonexistent/syslog.sock)',
    ]);
    const tls = new SyslogHandler({ transport: 'tls', host: '127.0.0.1', errors: 'silent' });
    expect(String(tls)).toBe('SyslogHandler(tls 127.0.0.1:6514)');
    await tls.close();
  });
});
