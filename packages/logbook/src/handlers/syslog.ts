// RFC 5424 syslog over UDP, TCP (octet-counting framing, RFC 6587), TLS (RFC 5425) and a local Unix
// stream socket. Stream transports reconnect with exponential backoff and keep a bounded queue while
// the server is away; what does not fit is counted and reported in one summary message on reconnect.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { basename } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Handler, type HandlerOptions } from '../handler.js';
import { policyOf, reportClosed, reportFailure } from '../handler-errors.js';
import { Level } from '../level.js';
import type { LogRecord } from '../record.js';
import { isoTimeUtc } from '../formatters/time.js';

export type SyslogTransport = 'udp' | 'tcp' | 'tls' | 'unix';

export const FACILITIES = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;

export type StructuredData = Record<string, Record<string, unknown>>;

export interface SyslogHandlerOptions extends HandlerOptions {
  /** 'udp' (default), 'tcp', 'tls' or 'unix' (a Unix stream socket, e.g. rsyslog imptcp `path`). */
  transport?: SyslogTransport;
  /** Server address (default 127.0.0.1). */
  host?: string;
  /** Server port (default 514, 6514 for TLS). */
  port?: number;
  /** Socket path for the 'unix' transport. */
  path?: string;
  /** TLS options (ca, cert, key, servername, …) for the 'tls' transport. */
  tls?: ConnectionOptions;
  /** APP-NAME (default: the main script's name). */
  appName?: string;
  /** PROCID (default: the process id). */
  procId?: string;
  /** HOSTNAME (default os.hostname()). */
  hostname?: string;
  /** Facility name or number (default 'user'). */
  facility?: keyof typeof FACILITIES | number;
  /**
   * Structured data for a record: SD-ID → parameters. Default: `logbook@32473` with the channel and
   * level, and `fields@32473` with the record's fields that are strings, numbers or booleans.
   */
  structuredData?: (record: LogRecord) => StructuredData | undefined;
  /** Messages kept while a stream transport is disconnected (default 10,000). */
  maxQueue?: number;
  /** Largest message in bytes; longer ones are cut (default 8192). */
  maxMessageSize?: number;
  /** First reconnect delay and its upper bound, in ms (default 100 and 30,000). */
  reconnectMs?: { initial?: number; max?: number };
}

const SEVERITY = (level: number): number =>
  level >= Level.CRITICAL
    ? 2
    : level >= Level.ERROR
      ? 3
      : level >= Level.WARNING
        ? 4
        : level >= Level.NOTICE
          ? 5
          : level >= Level.INFO
            ? 6
            : 7;

const BOM = '\uFEFF';

/** Header fields are printable US-ASCII without spaces; anything else becomes '_' (empty: '-'). */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

/**
 * TIMESTAMP: the record's ISO time, or the NILVALUE when it has none RFC 5424 takes ("Invalid Date" for a
 * time no Date holds, which has a space and would shift every later header field; a year beyond 9999).
 */
function syslogTime(ms: number): string {
  const time = isoTimeUtc(ms);
  return time.length === 24 ? time : '-';
}

/** Where to cut UTF-8 bytes at most `max` long: not inside a character, which would make the message invalid UTF-8. */
function utf8Cut(data: Buffer, max: number): number {
  let end = max;
  // Step back over continuation bytes (10xxxxxx) to the start of the character the cut falls in.
  while (end > 0 && (data[end]! & 0xc0) === 0x80) end--;
  return end;
}

/** SD-NAME: printable US-ASCII except '=', ' ', ']', '"', at most 32 characters. */
function sdName(value: string): string {
  return value.replace(/[^\x21-\x7e]|[= \]"]/g, '_').slice(0, 32) || '_';
}

/** PARAM-VALUE escapes '"', '\' and ']' with a backslash. */
function sdValue(value: unknown): string {
  return String(value).replace(/["\\\]]/g, (c) => `\\${c}`);
}

export function defaultStructuredData(record: LogRecord): StructuredData {
  const data: StructuredData = { 'logbook@32473': { channel: record.channel, level: record.levelName } };
  const fields = record.fields;
  if (fields !== undefined && fields !== null && !Array.isArray(fields)) {
    const params: Record<string, unknown> = {};
    let any = false;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        params[key] = value;
        any = true;
      }
    }
    if (any) data['fields@32473'] = params;
  }
  return data;
}

function structuredDataText(data: StructuredData | undefined): string {
  if (data === undefined) return '-';
  let out = '';
  for (const [id, params] of Object.entries(data)) {
    out += `[${sdName(id)}`;
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      out += ` ${sdName(name)}="${sdValue(value)}"`;
    }
    out += ']';
  }
  return out === '' ? '-' : out;
}

export class SyslogHandler extends Handler {
  readonly transport: SyslogTransport;
  /** Messages dropped because the queue was full while disconnected. */
  dropped = 0;
  private readonly host: string;
  private readonly port: number;
  private readonly socketPath: string | undefined;
  private readonly tlsOptions: ConnectionOptions | undefined;
  private readonly appName: string;
  private readonly procId: string;
  private readonly hostname: string;
  private readonly facility: number;
  private readonly structuredData: (record: LogRecord) => StructuredData | undefined;
  private readonly maxQueue: number;
  private readonly maxMessageSize: number;
  private readonly initialDelay: number;
  private readonly maxDelay: number;
  private delay: number;
  private udp: UdpSocket | undefined;
  /** Datagrams handed to the UDP socket and not yet sent, and who waits for them to be (close()). */
  private udpSending = 0;
  private udpSent: (() => void) | undefined;
  private socket: Socket | undefined;
  private connected = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly queue: Buffer[] = [];
  private unreportedDrops = 0;
  /** A socket failure under the 'throw' policy, raised at the next emit() or flush() rather than from a callback. */
  private pendingError: Error | undefined;

  constructor(options: SyslogHandlerOptions = {}) {
    super(options);
    this.transport = options.transport ?? 'udp';
    if (!['udp', 'tcp', 'tls', 'unix'].includes(this.transport)) {
      throw new TypeError(
        `transport must be 'udp', 'tcp', 'tls' or 'unix', got ${JSON.stringify(options.transport)}.`,
      );
    }
    if (this.transport === 'unix' && options.path === undefined) {
      throw new TypeError("The 'unix' syslog transport needs `path`, the server's Unix stream socket.");
    }
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? (this.transport === 'tls' ? 6514 : 514);
    this.socketPath = options.path;
    this.tlsOptions = options.tls;
    this.appName = headerField(
      options.appName ?? basename(process.argv[1] ?? 'node').replace(/\.[cm]?js$/, ''),
      48,
    );
    this.procId = headerField(options.procId ?? String(process.pid), 128);
    this.hostname = headerField(options.hostname ?? osHostname(), 255);
    const facility = options.facility ?? 'user';
    this.facility = typeof facility === 'number' ? facility : FACILITIES[facility];
    if (!Number.isInteger(this.facility) || this.facility < 0 || this.facility > 23) {
      throw new TypeError(
        `facility must be a syslog facility name or 0–23, got ${JSON.stringify(facility)}.`,
      );
    }
    this.structuredData = options.structuredData ?? defaultStructuredData;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.maxMessageSize = options.maxMessageSize ?? 8192;
    this.initialDelay = options.reconnectMs?.initial ?? 100;
    this.maxDelay = options.reconnectMs?.max ?? 30_000;
    this.delay = this.initialDelay;
    if (this.transport !== 'udp') this.connect();
  }

  /** Whether a stream transport is connected now. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Messages waiting for the connection. */
  get queued(): number {
    return this.queue.length;
  }

  /** The RFC 5424 message for a record, without transport framing. */
  message(record: LogRecord): Buffer {
    const pri = this.facility * 8 + SEVERITY(record.level);
    const msgid = headerField(record.event ?? '-', 32);
    let body = this.formatter === undefined ? record.message : this.format(record).replace(/\n$/, '');
    const error = record.errorInfo;
    if (this.formatter === undefined && error !== undefined && !body.includes(error.message)) {
      body += ` (${error.name}: ${error.message})`;
    }
    const text =
      `<${pri}>1 ${syslogTime(record.time)} ${this.hostname} ${this.appName} ${this.procId} ${msgid} ` +
      `${structuredDataText(this.structuredData(record))} ${BOM}${body}`;
    const data = Buffer.from(text, 'utf8');
    return data.length > this.maxMessageSize ? data.subarray(0, utf8Cut(data, this.maxMessageSize)) : data;
  }

  emit(record: LogRecord): void {
    if (this.closed) {
      reportClosed(this, 1);
      return;
    }
    this.raisePending();
    const data = this.message(record);
    if (this.transport === 'udp') {
      this.sendUdp(data);
      return;
    }
    // Octet counting: the byte length, a space, the message (RFC 6587 3.4.1).
    this.send(Buffer.concat([Buffer.from(`${data.length} `), data]));
  }

  override flush(): Promise<void> {
    const pending = this.pendingError;
    if (pending !== undefined) {
      this.pendingError = undefined;
      return Promise.reject(pending);
    }
    const socket = this.socket;
    if (socket === undefined || !this.connected || socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => socket.write('', () => resolve()));
  }

  override close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    const udp = this.udp;
    this.udp = undefined;
    if (udp !== undefined) return this.closeUdp(udp);
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      // Closing is bounded: a server that does not connect, or take what was written, within a second is given up.
      const timer = setTimeout(() => {
        socket.destroy();
        done();
      }, 1000);
      // The socket is unref'd so that logging never keeps a process alive; a caller awaiting close() wants it sent.
      socket.ref();
      socket.once('close', done);
      if (this.connected) {
        socket.end(done);
        return;
      }
      // Still connecting: what was logged meanwhile is in the queue, and ending the socket now would make the
      // connect listener's writes fail ("write after end") and lose it. Once connected (that listener, added
      // first, has written the queue), end.
      socket.once(this.transport === 'tls' ? 'secureConnect' : 'connect', () => socket.end(done));
    });
  }

  override toString(): string {
    const where = this.transport === 'unix' ? this.socketPath : `${this.host}:${this.port}`;
    return `SyslogHandler(${this.transport} ${where})`;
  }

  private sendUdp(data: Buffer): void {
    if (this.udp === undefined) {
      this.udp = createSocket(isIP(this.host) === 6 ? 'udp6' : 'udp4');
      this.udp.on('error', (error) => this.socketFailed('sending', error));
      this.udp.unref();
    }
    this.udpSending++;
    this.udp.send(data, this.port, this.host, (error) => {
      this.udpSending--;
      if (error) this.socketFailed('sending', error);
      if (this.udpSending === 0) this.udpSent?.();
    });
  }

  /** Closes the UDP socket once the datagrams handed to it are sent: closed at once, they would be dropped. */
  private closeUdp(udp: UdpSocket): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.udpSent = undefined;
        udp.close();
        resolve();
      };
      const timer = setTimeout(done, 1000);
      if (this.udpSending === 0) done();
      else this.udpSent = done;
    });
  }

  private send(frame: Buffer): void {
    if (this.connected && this.socket !== undefined) {
      this.socket.write(frame);
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      this.unreportedDrops++;
      return;
    }
    this.queue.push(frame);
  }

  /**
   * A failure in a socket callback. Under the 'throw' policy it is kept and thrown by the next emit() or flush(),
   * where the caller can catch it: thrown from the callback it would be an uncaught exception.
   */
  private socketFailed(action: string, error: Error): void {
    if (policyOf(this) === 'throw') {
      this.errorCount++;
      this.pendingError ??= error;
      return;
    }
    reportFailure(this, `${String(this)} ${action}`, error);
  }

  private raisePending(): void {
    const pending = this.pendingError;
    if (pending === undefined) return;
    this.pendingError = undefined;
    throw pending;
  }

  /** Called at construction and by the reconnect timer, which close() clears. */
  private connect(): void {
    const socket =
      this.transport === 'tls'
        ? tlsConnect({
            host: this.host,
            port: this.port,
            servername: isIP(this.host) ? undefined : this.host,
            ...this.tlsOptions,
          })
        : this.transport === 'unix'
          ? netConnect({ path: this.socketPath! })
          : netConnect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.unref();
    socket.setNoDelay?.(true);
    socket.once(this.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      this.delay = this.initialDelay;
      if (this.unreportedDrops > 0) {
        const note = Buffer.from(
          `<${this.facility * 8 + 4}>1 ${isoTimeUtc(Date.now())} ${this.hostname} ${this.appName} ${this.procId} logbook.dropped - ` +
            `${BOM}Dropped ${this.unreportedDrops} messages while the syslog server was unreachable`,
        );
        this.unreportedDrops = 0;
        socket.write(Buffer.concat([Buffer.from(`${note.length} `), note]));
      }
      for (const frame of this.queue.splice(0)) socket.write(frame);
    });
    socket.on('error', (error) => {
      if (isCertificateError(error)) {
        // Retrying soon cannot help until someone changes the certificate or the trust settings.
        this.delay = this.maxDelay;
        this.socketFailed('connecting', certificateAdvice(error));
      } else {
        this.socketFailed('connecting', error);
      }
    });
    socket.on('close', () => {
      // close() let go of the socket first: a closed handler's socket is never this.socket, nor reconnected.
      if (this.socket !== socket) return;
      this.connected = false;
      this.socket = undefined;
      this.reconnectTimer = setTimeout(() => this.connect(), this.delay);
      this.reconnectTimer.unref();
      this.delay = Math.min(this.delay * 2, this.maxDelay);
    });
  }
}

/** OpenSSL's verification failures and Node's host-name check: the server is reachable but not trusted. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isCertificateError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/** The same error, its message ending with what to change. */
function certificateAdvice(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const fix =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? 'set `tls.servername` to a name the certificate carries, or connect with `host` set to one'
      : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
        ? "renew the syslog server's certificate"
        : "pass the CA certificate that signed the server's certificate as `tls: { ca }`";
  const advised = new Error(
    `${error.message} (${code}): the syslog server's certificate is not trusted; ${fix}. Retrying every ` +
      `reconnectMs.max until then`,
    { cause: error },
  );
  advised.name = error.name;
  return Object.assign(advised, { code });
}
