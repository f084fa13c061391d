// Requests sent as raw bytes over a fresh TCP connection to a test site, for what fetch() cannot send: a
// target with a fragment, garbage, a head that never ends, a body the client stops sending halfway.

import { connect } from 'node:net';

/**
 * Sends `bytes` to the site at `url` and resolves with everything it answers (as latin1 text, one character a
 * byte) once the connection closes. The client's side is ended after the bytes, unless `keepOpen`: a head left
 * unfinished on purpose, or an answer that takes a turn to produce (a compressed page came back empty to a
 * client that had ended its side); the request then says `Connection: close`.
 */
export function rawExchange(url: string, bytes: string, keepOpen = false): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
      keepOpen ? socket.write(bytes) : socket.end(bytes),
    );
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/**
 * Sends `bytes` to the site at `url` and hangs up `ms` later, or as soon as `until` says enough has arrived (given
 * the number of bytes and the answer so far as latin1 text), as a client that gives up does. Resolves with how
 * many bytes it received.
 */
export function hangUpAfter(
  url: string,
  bytes: string,
  ms: number,
  until?: (received: number, answer: string) => boolean,
): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    let answer = '';
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => socket.destroy(), ms);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (until === undefined) return;
      answer += chunk.toString('latin1');
      if (until(received, answer)) socket.destroy();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined); // the hang-up is the point; a reset on the way is expected
  });
}
