import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import { jsonAccessFieldOf } from '../src/sources/json-access-keys.js';

const DOC = fileURLToPath(new URL('../../../docs/insight.md', import.meta.url));

/** The --request-time paragraph of a command's help. */
const helpOf = async (command: string): Promise<string> => {
  const r = await cli([command, '--help']);
  expect(r.code).toBe(0);
  const lines = r.out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('  --request-time U'));
  expect(start, `${command} --help has no --request-time`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^\s{0,3}\S/.test(l));
  return lines
    .slice(start, end < 0 ? undefined : end)
    .map((l) => l.trim())
    .join(' ')
    .trim();
};

/** `name=1.5` and `name:1.5` examples in a text. */
const namedTimes = (text: string): string[] =>
  [...text.matchAll(/\b[A-Za-z_]+[=:]\d+(?:\.\d+)?\b/g)].map((m) => m[0]);

const durations = async (dir: string, unit: string): Promise<(number | null)[]> => {
  const r = await cli([
    'sql',
    'SELECT duration_ms FROM requests ORDER BY ts',
    dir,
    '--json',
    '--request-time',
    unit,
  ]);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { duration_ms: number | null }[]).map((x) => x.duration_ms);
};

describe('--request-time help', () => {
  it('names request times that are read as it says, in every command that reads logs, and the docs say the same', async () => {
    const help = await helpOf('report');
    for (const command of ['tail', 'serve']) expect(await helpOf(command)).toBe(help);

    // every named example after an access line is read; those said to state their unit keep it
    const examples = namedTimes(help);
    expect(examples).toEqual(expect.arrayContaining(['reqtime:0.090', 'D=1234']));
    const stated = namedTimes(/state a unit keep it \(([^)]*)\)/.exec(help)?.[1] ?? '');
    expect(stated.length).toBeGreaterThan(0);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      examples
        .map((after, i) =>
          combinedLine({
            ip: '192.0.2.1',
            second: i,
            target: `/${i}`,
            status: 200,
            ua: 'curl/8.5',
            after: ` ${after}`,
          }),
        )
        .join('\n') + '\n',
    );
    const auto = await durations(dir, 'auto');
    examples.forEach((example, i) => expect(auto[i], example).toBeGreaterThan(0));
    const [s, ms] = [await durations(dir, 's'), await durations(dir, 'ms')];
    examples.forEach((example, i) => {
      if (stated.includes(example)) expect([s[i], ms[i]], example).toEqual([auto[i], auto[i]]);
    });

    // the JSON keys it names are the JSON reader's duration keys
    const jsonKeys = [...help.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)]
      .map((m) => m[0])
      .filter((k) => !k.includes('='));
    const json = help.slice(help.indexOf('JSON'));
    const named = jsonKeys.filter((k) => json.includes(k) && !examples.some((e) => e.startsWith(`${k}=`)));
    expect(named).toEqual(expect.arrayContaining(['request_time', 'upstream_response_time']));
    for (const key of named) expect(jsonAccessFieldOf(key), key).toBe('duration');

    // docs/insight.md's option table has the same examples
    const row = readFileSync(DOC, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| `--request-time U`'));
    for (const example of examples) expect(row, example).toContain(example);
  });
});
