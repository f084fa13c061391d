// npm run eval -- traffic (node packages/traffic/eval/run.mjs): classify every line of the shared Apache fixture and print counts per client
// kind, per crawler, per rule, with sample lines per rule, so a person can judge false positives.
// Usage: node packages/traffic/eval/run.mjs [path/to/access.log] [--samples N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCombinedLog } from './combined-log.js';

let lib;
try {
  lib = await import('../dist/index.js');
} catch (e) {
  console.error(
    `eval traffic: cannot load packages/traffic/dist (${e.message}). Build first: npx tsc -b tsconfig.build.json`,
  );
  process.exit(2);
}
const { ClientTracker, RULES, classify, isAttackSignal } = lib;

const args = process.argv.slice(2);
const samplesAt = args.indexOf('--samples');
const samples = samplesAt >= 0 ? Number(args[samplesAt + 1]) : 5;
const fileArg = args.find((a, i) => !a.startsWith('--') && (samplesAt < 0 || i !== samplesAt + 1));
const file =
  fileArg ??
  fileURLToPath(new URL('../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url));

let text;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(
    `eval traffic: cannot read ${file} (${e.message}). Pass the path of a combined-format access log.`,
  );
  process.exit(2);
}
const lines = parseCombinedLog(text);
const totalLines = text.split('\n').filter((l) => l.trim() !== '').length;

const kinds = new Map();
const names = new Map();
const ruleCounts = new Map();
const ruleSamples = new Map();
const crawlerIps = new Set();
let feedHits = 0;
const tracker = new ClientTracker();
let attackLines = 0;
// Terminal output escapes control characters: log content is untrusted.
const safe = (s) => {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
};

for (const { line, raw, facts } of lines) {
  const r = classify(facts);
  tracker.observe(facts, r);
  kinds.set(r.client.kind, (kinds.get(r.client.kind) ?? 0) + 1);
  if (r.client.kind !== 'human') {
    const key = `${r.client.kind}: ${r.client.name ?? '(unnamed)'}`;
    names.set(key, (names.get(key) ?? 0) + 1);
  }
  if (r.client.kind === 'crawler') crawlerIps.add(facts.ip);
  if (r.client.kind === 'crawler' && r.client.reason?.startsWith('feed reader')) feedHits++;
  if (r.signals.some(isAttackSignal)) attackLines++;
  for (const id of r.signals) {
    ruleCounts.set(id, (ruleCounts.get(id) ?? 0) + 1);
    const list = ruleSamples.get(id) ?? [];
    if (list.length < samples)
      list.push(`  ${String(line).padStart(5)}  ${safe(raw.length > 220 ? raw.slice(0, 220) + '…' : raw)}`);
    ruleSamples.set(id, list);
  }
}

const table = (rows) => rows.map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`).join('\n');
console.log(`file: ${file}`);
console.log(`lines: ${totalLines}, parsed: ${lines.length}, lines with an attack signal: ${attackLines}\n`);
console.log('client kinds (requests):');
console.log(table([...kinds].sort((a, b) => b[1] - a[1])));
const crawlers = kinds.get('crawler') ?? 0;
console.log(
  `\ncrawler requests: ${crawlers} from ${crawlerIps.size} addresses; of these ${feedHits} from feed readers, ${crawlers - feedHits} from other bots`,
);
console.log(
  '(GoAccess 1.7 on the shared fixture: 1,805 crawler hits, 420 visitors; see docs/traffic.md for the difference)',
);
console.log('\nnon-human clients by name (requests):');
console.log(table([...names].sort((a, b) => b[1] - a[1])));
console.log('\nrules (requests), with samples:');
for (const [id, n] of [...ruleCounts].sort((a, b) => b[1] - a[1])) {
  const rule = RULES[id];
  console.log(
    `\n${String(n).padStart(6)}  ${id}  [${rule.severity}${rule.attack ? ', attack' : ''}] ${rule.title}`,
  );
  console.log(ruleSamples.get(id).join('\n'));
}
const verdicts = tracker.verdicts();
const byVerdict = new Map();
for (const v of verdicts) byVerdict.set(v.verdict, (byVerdict.get(v.verdict) ?? 0) + 1);
console.log('\ntracker verdicts (clients):');
console.log(table([...byVerdict].sort((a, b) => b[1] - a[1])));
for (const v of verdicts.slice(0, samples * 3)) {
  console.log(
    `  ${v.verdict.padEnd(20)} ${v.key.slice(0, 90)}  requests=${v.requests} rules=${JSON.stringify(v.rules)} paths=${safe(v.paths.slice(0, 4).join(' '))}`,
  );
}
