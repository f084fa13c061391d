// Who made a request, in the words a site owner reads on one log line: the browser and its system for a
// person, the name of a crawler, scanner or tool, then the address. Console and text formatters show the
// message and its fields, not the record's `client`, so without these words a line does not say who it was.

import type { ClientInfo } from '@logbook/traffic';

/** `Chrome 141 on Windows 10`, `Googlebot`, `curl`, … */
function clientWords(client: ClientInfo, userAgent: string | undefined): string {
  if (client.name !== undefined) return client.name;
  if (client.browser !== undefined)
    return client.os === undefined ? client.browser : `${client.browser} on ${client.os}`;
  return userAgent === undefined ? 'a client without user agent' : 'an unknown client';
}

/** `Chrome 141 on Windows 10 from 198.51.100.14`: the `who` field of access and action records. */
export function who(client: ClientInfo, userAgent: string | undefined, ip: string): string {
  return `${clientWords(client, userAgent)} from ${ip}`;
}
