import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { list as isbotPatterns } from 'isbot';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_REGEXES } from '../src/payload-rules.js';
import { TRACKER_REGEXES } from '../src/tracker.js';
import { USER_AGENT_REGEXES } from '../src/user-agent.js';

// recheck (a ReDoS checker: automata analysis, or fuzzing where a pattern has look-arounds) proves each pattern
// matches in linear time on any input. Timing tests cannot: they only try the inputs someone thought of.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const sourceFiles = [
  ...readdirSync(SRC).map((f) => SRC + f),
  ...readdirSync(SRC + 'data').map((f) => `${SRC}data/${f}`),
].filter((f) => f.endsWith('.ts'));

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/** Every regular-expression literal in the package's source, found by the TypeScript parser. */
function literalPatterns(): Pattern[] {
  const out: Pattern[] = [];
  for (const file of sourceFiles) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const end = literal.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push({
          where: `${file.slice(SRC.length)}:${line}`,
          source: literal.slice(1, end),
          flags: literal.slice(end + 1),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The patterns built at load time from the data lists (scanner, tool and automation names, exploit fragments …). */
const built: Pattern[] = [
  ...PAYLOAD_REGEXES.map((r, i) => ({ where: `PAYLOAD_REGEXES[${i}]`, source: r.source, flags: r.flags })),
  ...USER_AGENT_REGEXES.map((r, i) => ({
    where: `USER_AGENT_REGEXES[${i}]`,
    source: r.source,
    flags: r.flags,
  })),
  ...TRACKER_REGEXES.map((r, i) => ({ where: `TRACKER_REGEXES[${i}]`, source: r.source, flags: r.flags })),
];

function verdict(p: Pattern): string {
  // Bounded repeats up to {0,2048} are unrolled so the exact automaton checker takes them (by default any pattern
  // whose repeat counts add up past 30 goes to the fuzzer, which called the bounded SQL tautology pattern
  // polynomial: it is not). A fixed seed keeps the fuzzer's answer, where it still runs, the same every time.
  const d = checkSync(p.source, p.flags, {
    randomSeed: 20261122,
    timeout: 20_000,
    maxRepeatCount: 4096,
    maxNFASize: 200_000,
  });
  if (d.status === 'safe') return 'safe';
  if (d.status === 'vulnerable')
    return `vulnerable (${d.complexity.type}), attack ${JSON.stringify(d.attack.pattern)}`;
  return `unknown (${JSON.stringify(d.error)})`;
}

describe('regular expressions of @logbook/traffic', () => {
  it('every literal in src is linear (recheck)', () => {
    const literals = literalPatterns();
    expect(literals.length).toBeGreaterThan(20);
    const unsafe = literals
      .map((p) => `${p.where} /${p.source}/${p.flags}: ${verdict(p)}`)
      .filter((v) => !v.endsWith(': safe'));
    expect(unsafe).toEqual([]);
  }, 60_000);

  it('every pattern built from the data lists is linear (recheck), and each file that builds one exports it here', () => {
    // A new `new RegExp(...)` elsewhere must be exported and added to `built` above, or this test cannot see it.
    const building = sourceFiles
      .filter((f) => /new RegExp\(/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(SRC.length))
      .sort();
    expect(building).toEqual(['payload-rules.ts', 'tracker.ts', 'user-agent.ts']);
    expect(USER_AGENT_REGEXES.length).toBe(3);
    // Those that are literals (PAYLOAD_REGEXES lists its literals too) were checked above.
    const literals = new Set(literalPatterns().map((p) => `/${p.source}/${p.flags}`));
    const unsafe = built
      .filter((p) => !literals.has(`/${p.source}/${p.flags}`))
      .map((p) => `${p.where} /${p.source.slice(0, 80)}…/${p.flags}: ${verdict(p)}`)
      .filter((v) => !v.endsWith(': safe'));
    expect(unsafe).toEqual([]);
  }, 60_000);

  it("isbot's patterns, which every user agent goes through, are linear one by one (recheck)", () => {
    // isbot joins them into one alternation; an alternation of linear branches, unquantified, stays linear.
    expect(isbotPatterns.length).toBeGreaterThan(100);
    const unsafe = isbotPatterns
      .map((source, i) => ({ where: `isbot list[${i}]`, source, flags: 'i' }))
      .map((p) => `${p.where} /${p.source}/: ${verdict(p)}`)
      .filter((v) => !v.endsWith(': safe'));
    expect(unsafe).toEqual([]);
  }, 60_000);
});
