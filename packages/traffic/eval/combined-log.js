// A small parser for Apache/Nginx "combined" log lines, for the traffic eval, bench and tests.
// (insight has its own, fuller parser; this one only needs the fields classify() reads.)

const MONTHS = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** Read a double-quoted field starting at `i` (on the quote); Apache escapes `"` as `\"`. */
function quoted(line, i) {
  let out = '';
  let j = i + 1;
  while (j < line.length) {
    const c = line[j];
    if (c === '\\' && j + 1 < line.length) {
      out += line[j + 1];
      j += 2;
      continue;
    }
    if (c === '"') return { value: out, end: j + 1 };
    out += c;
    j++;
  }
  return undefined;
}

/** `17/May/2015:10:05:03 +0000` to ms since epoch. */
function parseTime(s) {
  const m = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (m === null || !(m[2] in MONTHS)) return undefined;
  const utc = Date.UTC(+m[3], MONTHS[m[2]], +m[1], +m[4], +m[5], +m[6]);
  const offset = (+m[8] * 60 + +m[9]) * 60_000 * (m[7] === '-' ? -1 : 1);
  return utc - offset;
}

/** Parse one combined-format line into RequestFacts plus bookkeeping, or undefined when it is not one. */
export function parseCombinedLine(line) {
  const sp1 = line.indexOf(' ');
  const open = line.indexOf('[', sp1);
  const close = line.indexOf(']', open);
  if (sp1 <= 0 || open < 0 || close < 0 || line[close + 2] !== '"') return undefined;
  const time = parseTime(line.slice(open + 1, close));
  const request = quoted(line, close + 2);
  if (request === undefined) return undefined;
  const rest = line.slice(request.end).trim().split(' ');
  const status = Number(rest[0]);
  let pos = request.end;
  pos = line.indexOf('"', pos);
  const referer = pos >= 0 ? quoted(line, pos) : undefined;
  const uaStart = referer ? line.indexOf('"', referer.end) : -1;
  const ua = uaStart >= 0 ? quoted(line, uaStart) : undefined;
  const parts = request.value.split(' ');
  const method = parts.length >= 2 ? parts[0] : request.value;
  const path = parts.length >= 2 ? parts.slice(1, parts.length > 2 ? -1 : undefined).join(' ') : '';
  const facts = { method, path, ip: line.slice(0, sp1) };
  if (Number.isInteger(status)) facts.status = status;
  if (time !== undefined) facts.time = time;
  if (referer !== undefined && referer.value !== '-') facts.referer = referer.value;
  if (ua !== undefined && ua.value !== '-') facts.userAgent = ua.value;
  return facts;
}

/** Every parseable line of a combined log text, with its 1-based line number and the raw line. */
export function parseCombinedLog(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const facts = parseCombinedLine(line);
    if (facts !== undefined) out.push({ line: i + 1, raw: line, facts });
  }
  return out;
}
