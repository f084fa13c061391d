// The host a request asked for, without its port: what traffic's rules compare referers with.

// The last Host header and its host part: a site is asked for under one or two names.
let lastHost = '';
let lastHostOnly: string | undefined = '';

/** `example.org` of `example.org:8080`, `::1` of `[::1]:3000`. */
export function hostOnly(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  if (host === lastHost) return lastHostOnly;
  lastHost = host;
  lastHostOnly = hostPart(host);
  return lastHostOnly;
}

function hostPart(host: string): string | undefined {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
