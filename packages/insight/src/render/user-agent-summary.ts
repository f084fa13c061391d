import { classify } from '../traffic.js';

/**
 * A user agent as a person reads it in a narrow column: the client it names (`Googlebot`, `sqlmap`) or the browser
 * and system it claims (`Firefox 4 · Windows 7`), else the text itself. Cut to a column's width, the raw text says
 * only `Mozilla/5.0 (Windows …`, which hides what gives a prober away: the ten-year-old browser it pretends to be.
 */
export function userAgentSummary(ua: string): string {
  const client = classify({ method: 'GET', path: '/', userAgent: ua }).client;
  if (client.name !== undefined) return client.name;
  if (client.browser !== undefined)
    return client.os !== undefined ? `${client.browser} · ${client.os}` : client.browser;
  return ua;
}
