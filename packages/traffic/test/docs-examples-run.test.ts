// Runs every ```ts / ```js example of docs/traffic.md as a user would paste it: type-checked against the built
// package, then in its own Node process and a fresh working folder. A failed `console.assert` fails the example,
// and a result the doc shows in a comment under `const name = …;` (a `// { … }` object) must equal what the
// program computed. The blocks are read from the markdown at test time, so the doc and this test cannot drift
// apart. A block preceded by `<!-- not run: reason -->` is skipped (none is, today).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docBlocks, type DocBlock } from '../../../test/support/doc-blocks.js';
import { runDocExample } from '../../../test/support/run-doc-example.js';

const here = dirname(fileURLToPath(import.meta.url));
const docPath = join(here, '../../../docs/traffic.md');
// Inside the package, so that `import ... from '@logbook/traffic'` resolves to the workspace's built package.
const scratch = join(here, '.docs-examples-run');

type Block = DocBlock;

/** `const name = …;` followed by `// { … }` comment lines: the value the doc says `name` holds. */
function shownResults(code: string): { name: string; shown: unknown }[] {
  return [...code.matchAll(/^const (\w+) = [^\n]*;\n((?:\/\/ .*\n)+)/gm)]
    .filter((m) => m[2]!.startsWith('// {') || m[2]!.startsWith('// ['))
    .map((m) => ({
      name: m[1]!,
      shown: runInNewContext(`(${m[2]!.replace(/^\/\/ ?/gm, '')})`) as unknown,
    }));
}

const blocks = docBlocks(readFileSync(docPath, 'utf8'));
const runnable = blocks.filter((b) => b.notRun === undefined);
const fileOf = (b: Block, ext: string) => join(scratch, `traffic-${b.line}.${ext}`);

// Loaded before each example: console.assert throws (Node's only prints) and the assertions that ran are counted.
const preamble = `
let asserts = 0;
console.assert = (ok, ...rest) => {
  asserts++;
  if (!ok) throw new Error('console.assert failed' + (rest.length > 0 ? ': ' + rest.join(' ') : ''));
};
globalThis.__docExample = { shown: {} };
process.on('exit', () => {
  process.stdout.write('\\n@@example ' + JSON.stringify({ asserts, shown: globalThis.__docExample.shown }) + '\\n');
});
`;

interface Run {
  code: number | null;
  output: string;
  asserts: number;
  shown: Record<string, unknown>;
}

const runs = new Map<Block, Promise<Run>>();
const folders: string[] = [];

async function run(block: Block): Promise<Run> {
  // The shown values are read back at the end of the program, as JSON (they are plain data).
  const reads = shownResults(block.code)
    .map(({ name }) => `globalThis.__docExample.shown[${JSON.stringify(name)}] = ${name};`)
    .join('\n');
  const r = await runDocExample({
    code: `${block.code}\n${reads}\n`,
    file: fileOf(block, 'mjs'),
    preamble: join(scratch, 'preamble.mjs'),
    folderPrefix: 'traffic-doc-example-',
  });
  folders.push(r.folder);
  const parsed = (r.report ?? { asserts: 0, shown: {} }) as Pick<Run, 'asserts' | 'shown'>;
  return { code: r.code, output: r.stdout + r.stderr, asserts: parsed.asserts, shown: parsed.shown };
}

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'preamble.mjs'), preamble);
  for (const block of runnable) runs.set(block, run(block));
});

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('docs/traffic.md examples', () => {
  it('finds the examples, and every block left out says why', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks)
      if (block.notRun !== undefined) expect(block.notRun.length).toBeGreaterThan(10);
  });

  it('every example type-checks against the built package, as strict TypeScript', () => {
    const files = runnable.map((block) => {
      writeFileSync(fileOf(block, 'ts'), block.code);
      return fileOf(block, 'ts');
    });
    const program = ts.createProgram(files, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file === undefined ? 0 : d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      return `${d.file?.fileName ?? ''}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });

  for (const block of runnable) {
    it(`docs/traffic.md:${block.line} runs, its assertions hold and the results it shows are what it computes`, async () => {
      const result = await runs.get(block)!;
      expect(result.code, `exit code; it printed:\n${result.output}`).toBe(0);
      const written = (block.code.match(/console\.assert\(/g) ?? []).length;
      expect(result.asserts, 'every console.assert in the example ran').toBeGreaterThanOrEqual(written);
      const shown = shownResults(block.code);
      expect(written + shown.length, 'the example asserts or shows something').toBeGreaterThan(0);
      for (const { name, shown: value } of shown)
        expect(result.shown[name], `the value shown for ${name}`).toEqual(value);
    });
  }
});
