import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Node's codes for a server certificate that could not be trusted (self-signed, expired, for another name). */
const UNTRUSTED_CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/;

/** Whether a request failed because the target's TLS certificate was not trusted. */
export function isUntrustedCertificate(err: { code?: string }): boolean {
  return typeof err.code === 'string' && UNTRUSTED_CERTIFICATE.test(err.code);
}

/** What replay needs from one answer. */
export interface ReplayAnswer {
  status: number;
  setCookies: string[];
}

/** How long one replayed request may wait for its answer; a target that hangs should not hang the replay. */
export const REPLAY_ANSWER_TIMEOUT_MS = 60_000;
/**
 * The `code` of the error a request that got no answer in time rejects with: its own, so that a socket's ETIMEDOUT
 * (a connection that could not be made) is not taken for a target that hangs.
 */
export const REPLAY_TIMEOUT_CODE = 'LOGBOOK_REPLAY_NO_ANSWER';

/**
 * Sends one request to `origin` with `target` as its request target byte for byte. Neither fetch nor a URL object
 * can do that: they resolve `..` and `%2e%2e` segments and turn `\` into `/`, so a path-traversal probe that
 * crashed the application would arrive as a harmless path. Node's client sends the text as it is; `target` must
 * hold only what `sendableTarget` leaves.
 */
export function sendRecordedRequest(
  origin: URL,
  target: string,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  options: { insecure?: boolean; timeoutMs?: number } = {},
): Promise<ReplayAnswer> {
  const timeoutMs = options.timeoutMs ?? REPLAY_ANSWER_TIMEOUT_MS;
  const send = origin.protocol === 'https:' ? httpsRequest : httpRequest;
  const all: Record<string, string> = { ...headers };
  // Set here, so that a GET with a body (which fetch refuses to send) arrives framed as the client sent it.
  if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = send(
      {
        // a URL keeps an IPv6 address in brackets; the socket wants it without
        host: origin.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: origin.port || undefined,
        method,
        path: target,
        headers: all,
        // --insecure: a staging copy with a self-signed certificate, as curl -k (ignored for http)
        rejectUnauthorized: options.insecure !== true,
      },
      (res: IncomingMessage) => {
        res.resume();
        res.on('error', reject);
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'];
          resolve({ status: res.statusCode ?? 0, setCookies: setCookie ?? [] });
        });
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: REPLAY_TIMEOUT_CODE }),
      ),
    );
    req.on('error', reject);
    req.end(body);
  });
}
