import { WebSocket } from 'ws';

/**
 * Opens a WebSocket to `path` on the site at `siteUrl` (its http: address) and resolves with what happened: the first message (then closes), `refused <status>`
 * when the handshake was answered with another status, `error`, or `closed` when the server closed it first.
 */
export function openWebSocket(
  siteUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(siteUrl.replace(/^http:/, 'ws:') + path, { headers });
    ws.on('message', (data: Buffer) => {
      ws.close();
      resolve(data.toString());
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(`refused ${res.statusCode}`);
    });
    ws.on('error', () => resolve('error'));
    ws.on('close', () => resolve('closed'));
  });
}
