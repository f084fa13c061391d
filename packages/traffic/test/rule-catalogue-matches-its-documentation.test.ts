// The rule catalogue is public: the web middleware marks a record as an attack by `isAttackSignal`, insight lists
// attackers by it, and a site owner reads severity and source in docs/traffic.md. The doc's table and `RULES` must
// say the same, and every data file a rule names as its source must be there to read.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAttackSignal, RULE_IDS, RULES } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const reference = join(here, '../../../../shared/reference');
const doc = readFileSync(join(here, '../../../docs/traffic.md'), 'utf8');

/** The rows of the "Rule catalogue" table: id, severity and whether it is an attack. */
const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` +\| (\w+) +\| (yes|no) +\|/gm)].map((m) => ({
  id: m[1]!,
  severity: m[2]!,
  attack: m[3] === 'yes',
}));

describe('the rule catalogue', () => {
  it('has the rules, severities and attack flags docs/traffic.md lists, in its order', () => {
    expect(documented.map((r) => r.id)).toEqual(RULE_IDS);
    for (const r of documented) {
      expect({ id: r.id, severity: RULES[r.id]?.severity, attack: isAttackSignal(r.id) }).toEqual(r);
      expect(RULES[r.id]?.attack).toBe(r.attack);
      expect(RULES[r.id]?.id).toBe(r.id);
    }
  });

  it('names sources that exist: its own data files, and reference lists at the commit the README gives', () => {
    const readme = readFileSync(join(reference, 'README.md'), 'utf8');
    const commits = [...readme.matchAll(/commit ([0-9a-f]{40})/g)].map((m) => m[1]!);
    for (const id of RULE_IDS) {
      const source = RULES[id]!.source;
      const checked: string[] = [];
      for (const [, file] of source.matchAll(/(src\/[\w/.-]+\.ts)/g)) {
        expect(existsSync(join(packageDir, file!)), `${id}: ${file}`).toBe(true);
      }
      const crowdsec = /crowdsecurity\/sec-lists web\/ \(MIT\), commit ([0-9a-f]+) (.*?)(?:;|$)/.exec(source);
      const crs = /OWASP CRS rules\/\*\.data \(Apache-2\.0\), commit ([0-9a-f]+) (.*?)(?:;|$)/.exec(source);
      for (const [m, folder] of [
        [crowdsec, 'crowdsec-sec-lists-web'],
        [crs, 'owasp-crs-data'],
      ] as const) {
        if (m === null) continue;
        checked.push(...m[2]!.split(/, ?/));
        expect(
          commits.some((c) => c.startsWith(m[1]!)),
          `${id}: commit ${m[1]}`,
        ).toBe(true);
        for (const file of m[2]!.split(/, ?/)) {
          expect(existsSync(join(reference, folder, file)), `${id}: ${folder}/${file}`).toBe(true);
        }
      }
      // Every reference list named comes with its project and commit (the crawler-range .json files are the
      // operators', not reference lists).
      const named = [...source.matchAll(/[\w-]+\.(?:txt|data)\b|technology_probing\.json/g)].map((n) => n[0]);
      expect(named.sort(), id).toEqual(checked.sort());
    }
    // The rules built on the reference lists say so.
    expect(RULES['sensitive-file']!.source).toMatch(/sensitive_data\.txt.*restricted-files\.data/);
    expect(RULES['scanner-user-agent']!.source).toMatch(/scanners-user-agents\.data.*bad_user_agents\.txt/);
  });

  it('calls no inherited property of an object an attack', () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isAttackSignal(id)).toBe(false);
    }
  });
});
