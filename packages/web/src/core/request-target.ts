// Where a request target's path ends and its query begins. Node passes a fragment on as the client sent it
// (`/cb#access_token=…`); the path ends at whichever of `?` and `#` comes first, and a fragment is kept as the
// query, `#` and all, so that its secrets are redacted with the query's. A `?` inside a fragment
// (`/cb#access_token=…?x=1`) is part of the fragment: the path must not carry the token.

/** The index at which the path ends: the first `?` or `#`, or -1 when there is neither. */
export function pathEnd(target: string): number {
  const question = target.indexOf('?');
  const hash = target.indexOf('#');
  return hash !== -1 && (question === -1 || hash < question) ? hash : question;
}

/** The query of a target whose path ends at `end`: what follows `?`, or the fragment with its `#`; undefined when empty. */
export function queryFrom(target: string, end: number): string | undefined {
  if (end === -1 || end === target.length - 1) return undefined;
  return target.charCodeAt(end) === 63 /* ? */ ? target.slice(end + 1) : target.slice(end);
}
