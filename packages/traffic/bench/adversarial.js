// Inputs built to make a careless classifier slow: 100 KB user agents, paths and queries that repeat the
// prefixes the rules look for, so a backtracking regular expression would retry at every position.
// Shared by bench/run.mjs (which times each call) and test/adversarial.test.ts (which proves they finish).

const K100 = 100 * 1024;
const fill = (unit, size = K100) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** @returns {{ label: string, facts: import('../src/types.js').RequestFacts }[]} */
export function adversarialRequests() {
  const uas = [
    ['100 KB of a', fill('a')],
    ['100 KB of (', fill('(')],
    ['repeated ${', fill('${')],
    ['repeated () ', fill('() ')],
    ['repeated compatible;', 'Mozilla/5.0 (' + fill('compatible; ')],
    ['bot words', fill('bot spider crawl ')],
    ['Googlebot then padding', 'Googlebot/2.1 ' + fill(' ')],
    ['Chrome tokens', fill('Chrome/120.0 Safari/537.36 ')],
    ['NUL bytes', fill('\u0000')],
  ];
  const paths = [
    ['100 KB slashes', fill('/')],
    ['../ repeated', '/' + fill('../')],
    ['%25 repeated', '/' + fill('%25')],
    ['%2e%2e%2f repeated', '/' + fill('%2e%2e%2f')],
    ['invalid escapes', '/' + fill('%zz%')],
    ['quote or repeated', '/?id=1' + fill("' or ")],
    ['and 1 repeated', '/?id=' + fill('1 and 1')],
    ['union repeated', '/?q=' + fill('union ')],
    ['/**/ repeated', '/?q=' + fill('/**/')],
    ['spaces', '/?q=' + fill('+')],
    ['< repeated', '/?q=' + fill('<')],
    ['<a repeated', '/?q=' + fill('<a')],
    ['; repeated', '/?cmd=' + fill(';')],
    ['; i repeated', '/?cmd=' + fill('; i')],
    ['=http:// repeated', '/x.php?a=' + fill('=http://')],
    ['= repeated', '/?a' + fill('=')],
    ['.. repeated', '/' + fill('..')],
    ['wp- segments', fill('/wp-')],
    ['dot segments', fill('/.env')],
    ['unicode', '/' + fill('é漢')],
    ['NUL escapes', '/' + fill('%00')],
    ['${ repeated in path', '/' + fill('${')],
  ];
  const out = [];
  for (const [label, ua] of uas)
    out.push({ label: `ua: ${label}`, facts: { method: 'GET', path: '/', userAgent: ua, status: 404 } });
  for (const [label, path] of paths) {
    out.push({
      label: `path: ${label}`,
      facts: { method: 'GET', path, userAgent: 'Mozilla/5.0', status: 404, referer: path },
    });
  }
  out.push({ label: 'method: 100 KB', facts: { method: fill('G'), path: '/' } });
  out.push({
    label: 'everything at once',
    facts: {
      method: 'GET',
      path: '/' + fill("'<;${../"),
      query: fill('a=1&'),
      userAgent: fill('() {'),
      referer: fill('${jndi:'),
      ip: fill('1.'),
    },
  });
  return out;
}
