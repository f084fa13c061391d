// Runs every ```ts and ```js example of docs/logbook.md and docs/files-and-durability.md as a user would paste it:
// type-checked against the built package, then each in its own Node process and a fresh working folder. A failed
// `console.assert` fails the example (the doc's own assertions are its claims), the application stack must be
// empty again when the example ends (examples pop what they push), and the examples that write files or print
// are checked for what they write: the records on disk (valid against the record schema) and the line printed.
// The blocks are read from the markdown at test time, so the docs and this test cannot drift apart. A block
// preceded by `<!-- not run: reason -->` is skipped (none is, today). docs/record-schema.md's example record is
// checked against the schema, and the logrotate configuration of docs/files-and-durability.md is run by Debian's
// logrotate against a process writing through a FileHandler. The syslog example sends to a private rsyslog (test/support/rsyslog.ts, as the
// syslog tests use it) on a loopback TCP port given to it as SYSLOG_PORT, and again over UDP as its text says
// it can; rsyslog is started while the other examples run.

import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docBlocks, type DocBlock } from '../../../test/support/doc-blocks.js';
import { runDocExample } from '../../../test/support/run-doc-example.js';
import { aptInstall } from '../../../test/support/debian-packages.js';
import { assertValidRecord } from './helpers.js';
import { PrivateRsyslog, ensureRsyslog, freeTcpPort, freeUdpPort, until } from './support/rsyslog.js';

const here = dirname(fileURLToPath(import.meta.url));
const docsDir = join(here, '../../../docs');
// Inside the package, so that `import ... from 'logbook'` resolves to the workspace's built package.
const scratch = join(here, '.docs-examples-run');

interface Block extends DocBlock {
  doc: string;
  /** Set on a variant the prose describes (the syslog example over UDP): run, not type-checked again. */
  variant?: string;
}

/** The ```ts / ```js blocks of a doc, with the heading they stand under. */
function blocksOf(doc: string): Block[] {
  return docBlocks(readFileSync(join(docsDir, doc), 'utf8')).map((b) => ({ ...b, doc }));
}

const blocks = ['logbook.md', 'files-and-durability.md'].flatMap(blocksOf);
const runnable = blocks.filter((b) => b.notRun === undefined);
const nameOf = (b: Block) =>
  `docs/${b.doc}:${b.line} (${b.heading})${b.variant === undefined ? '' : ` with ${b.variant}`}`;
const fileOf = (b: Block, ext: string) =>
  join(scratch, `${b.doc.replace('.md', '')}-${b.line}${b.variant === undefined ? '' : '-udp'}.${ext}`);

// Loaded before each example: makes console.assert throw (Node's only prints), counts the assertions that ran,
// and reports at exit whether the application stack is empty again.
const preamble = `
import { DISABLED, stack } from 'logbook';
let asserts = 0;
console.assert = (ok, ...rest) => {
  asserts++;
  if (!ok) throw new Error('console.assert failed' + (rest.length > 0 ? ': ' + rest.join(' ') : ''));
};
process.on('exit', () => {
  process.stdout.write('\\n@@example ' + JSON.stringify({ asserts, stackEmpty: stack.gate === DISABLED }) + '\\n');
});
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  folder: string;
  asserts: number;
  stackEmpty: boolean;
  pid: number | undefined;
}

const runs = new Map<Block, Promise<Run>>();
const folders: string[] = [];

async function run(block: Block, env: Record<string, string> = {}): Promise<Run> {
  const r = await runDocExample({
    code: block.code,
    file: fileOf(block, 'mjs'),
    preamble: join(scratch, 'preamble.mjs'),
    folderPrefix: 'logbook-doc-example-',
    // A colour console would put escape codes around what the checks read; production keeps setup() quiet.
    env: {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      NODE_ENV: 'production',
      LOGBOOK_LEVEL: undefined,
      ...env,
    },
  });
  folders.push(r.folder);
  const parsed = (r.report ?? { asserts: 0, stackEmpty: false }) as Pick<Run, 'asserts' | 'stackEmpty'>;
  return { ...r, asserts: parsed.asserts, stackEmpty: parsed.stackEmpty };
}

function recordsIn(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map(assertValidRecord);
}

/** What each example, by the heading it stands under, visibly does beyond its own console.assert calls. */
interface Expected {
  /** The exit code the text promises (default 0). */
  exit?: number;
  /** False for an example that ends the process before popping, as a crash does. */
  popsEverything?: boolean;
  check?: (result: Run) => void | Promise<void>;
}

const expectations: Record<string, Expected> = {
  AsyncHandler: {
    check: ({ folder, stderr }) => {
      expect(stderr).toBe('');
      // 5,000 queued, 1,000 written a turn later, the rest by the exit hook: all of them, once, in order.
      const records = recordsIn(join(folder, 'logs/import.jsonl'));
      expect(records.map((r) => r.message)).toEqual(
        Array.from({ length: 5000 }, (_, i) => `row ${i + 1} read`),
      );
      expect(records[0], 'the fields as they were at the call').toMatchObject({
        channel: 'import',
        fields: { n: 1, status: 'read' },
      });
    },
  },
  Syslog: {
    check: async ({ stderr, pid }) => {
      expect(stderr, 'no connection failure reported').toBe('');
      // PROCID is the example's process id: it tells the TCP and the UDP run apart.
      const mine = () => rsyslog!.received().filter((line) => line.includes(` shop-api ${pid} `));
      const received = await until('rsyslog to write the message it received', () => mine()[0], 5000);
      // The whole RFC 5424 message as rsyslog took it out of its octet-counted frame: local0.err, the
      // header with APP-NAME, PROCID and MSGID, the structured data, the BOM and the rendered message.
      expect(received).toMatch(
        /^<131>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ shop-api \d+ payment\.declined \[logbook@32473 channel="payments" level="ERROR"\]\[fields@32473 id="p-42"\] \uFEFFPayment p-42 declined$/,
      );
      expect(mine(), 'one message, sent once').toHaveLength(1);
    },
  },
  'Console and warnings': {
    check: ({ folder, stdout, stderr }) => {
      expect(stdout, 'captured calls are not printed; after restore() the console prints again').toBe(
        'printed as usual again\n',
      );
      expect(stderr, 'console.error while captured printed nothing').toBe('');
      const records = recordsIn(join(folder, 'logs', basename(readlinkSync(join(folder, 'logs/app.jsonl')))));
      expect(records.map((r) => [r.level, r.channel, r.event, r.message])).toEqual([
        ['INFO', 'console', 'console.log', 'listening on port 3000'],
        ['ERROR', 'console', 'console.error', 'payment service slow: 2.5 s'],
        ['INFO', 'app', undefined, 'console restored'],
      ]);
    },
  },
  'Hello world': {
    check: ({ stderr }) => {
      // StderrHandler's console format: time, level, channel, rendered message.
      expect(stderr).toMatch(/INFO\s+hello: Hello, World!/);
    },
  },
  'Default setup': {
    check: ({ folder }) => {
      const link = join(folder, 'logs/app.jsonl');
      expect(lstatSync(link).isSymbolicLink(), './logs/app.jsonl is a link').toBe(true);
      const daily = basename(readlinkSync(link));
      expect(readdirSync(join(folder, 'logs')).sort()).toEqual([daily, 'app.jsonl'].sort());
      const [record, ...rest] = recordsIn(join(folder, 'logs', daily));
      expect(rest).toEqual([]);
      expect(daily, 'named after the UTC day of its records').toBe(
        `app-${String(record!.time).slice(0, 10)}.jsonl`,
      );
      expect(record).toMatchObject({
        level: 'INFO',
        channel: 'app',
        msg: 'Listening on {url}',
        message: 'Listening on http://127.0.0.1:3000',
        fields: { url: 'http://127.0.0.1:3000' },
        app: { name: 'training-site', version: '1.0.0' },
      });
    },
  },
  'The writing path': {
    check: ({ folder }) => {
      const logs = join(folder, 'logs');
      expect(lstatSync(join(logs, 'daily.jsonl')).isSymbolicLink()).toBe(true);
      const daily = basename(readlinkSync(join(logs, 'daily.jsonl')));
      expect(daily).toMatch(/^daily-\d{4}-\d{2}-\d{2}\.jsonl$/);
      for (const file of ['plain.jsonl', 'sized.jsonl', daily]) {
        const records = recordsIn(join(logs, file));
        expect(
          records.map((r) => r.message),
          file,
        ).toEqual(['written to all three files']);
      }
    },
  },
  'Exit and crash': {
    exit: 1,
    popsEverything: false,
    check: ({ folder, stderr }) => {
      expect(stderr, 'Node printed the error as usual').toContain('Error: database unreachable');
      const records = recordsIn(join(folder, 'logs/app.jsonl'));
      expect(records.map((r) => r.message)[0]).toBe('connecting to the database');
      expect(records.at(-1)).toMatchObject({
        level: 'CRITICAL',
        event: 'crash',
        error: { name: 'Error', message: 'database unreachable' },
      });
    },
  },
};

/** The calls docs/logbook.md says are compile errors (inline code in its "checked by TypeScript" item). */
function refusedCalls(): string[] {
  const doc = readFileSync(join(docsDir, 'logbook.md'), 'utf8');
  const claim = doc.split('\n- ').find((item) => item.startsWith('The template is checked by TypeScript'));
  if (claim === undefined) throw new Error('docs/logbook.md no longer says which calls the compiler refuses');
  // The item goes on to say what `{error}` may come from: only the calls before that are refused.
  return [...claim.split('A path hole')[0]!.matchAll(/`(log\.\w+\(.*?\))`/g)].map((m) => m[1]!);
}

/** The example that sends to syslog: the only one that needs a server. */
const sendsToSyslog = (block: Block): boolean => block.code.includes('new SyslogHandler(');
/** The prose says the syslog example works over UDP with `transport: 'udp'`: run that too. */
const overUdp = (block: Block): Block => {
  const code = block.code.replace("transport: 'tcp'", "transport: 'udp'");
  if (code === block.code) throw new Error(`${nameOf(block)} no longer says transport: 'tcp'`);
  return { ...block, code, variant: "transport: 'udp'" };
};
const examples = [...runnable, ...runnable.filter(sendsToSyslog).map(overUdp)];

let rsyslog: PrivateRsyslog | undefined;

/** A private rsyslog taking RFC 5424 over TCP and UDP on free loopback ports, writing each raw message to a line. */
async function startRsyslog(): Promise<{ tcp: number; udp: number }> {
  ensureRsyslog(); // installs it, or fails saying how to
  const dir = mkdtempSync(join(tmpdir(), 'logbook-doc-rsyslog-'));
  folders.push(dir);
  mkdirSync(join(dir, 'work'));
  const port = await freeTcpPort();
  const udp = await freeUdpPort();
  const accepting = (): Promise<boolean> =>
    new Promise((resolve) => {
      const probe = createConnection({ host: '127.0.0.1', port }, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
  const server = new PrivateRsyslog(dir, accepting);
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}/work")
module(load="imtcp")
module(load="imudp")
input(type="imtcp" address="127.0.0.1" port="${port}")
input(type="imudp" address="127.0.0.1" port="${udp}")
template(name="raw" type="string" string="%rawmsg%\\n")
action(type="omfile" file="${server.out}" template="raw" asyncWriting="off" flushOnTXEnd="on")
`,
  );
  await server.start();
  rsyslog = server;
  return { tcp: port, udp };
}

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'preamble.mjs'), preamble);
  // All examples at once: each is a separate process in its own folder. The syslog one waits for its server,
  // and fails (with rsyslog's or apt's reason) if there is none.
  const ports = examples.some(sendsToSyslog) ? startRsyslog() : undefined;
  for (const block of examples) {
    const port = (p: { tcp: number; udp: number }) => String(block.variant === undefined ? p.tcp : p.udp);
    runs.set(
      block,
      sendsToSyslog(block) ? ports!.then((p) => run(block, { SYSLOG_PORT: port(p) })) : run(block),
    );
  }
  ports?.catch(() => undefined); // reported by the syslog example's test
}, 60_000);

afterAll(async () => {
  await rsyslog?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('docs/logbook.md and docs/files-and-durability.md examples', () => {
  it('finds the examples, and every block left out says why', () => {
    expect(blocks.filter((b) => b.doc === 'logbook.md').length).toBeGreaterThanOrEqual(7);
    expect(blocks.filter((b) => b.doc === 'files-and-durability.md').length).toBeGreaterThanOrEqual(1);
    for (const block of blocks)
      if (block.notRun !== undefined) expect(block.notRun.length, nameOf(block)).toBeGreaterThan(10);
  });

  // One compiler run for both checks: starting the type checker costs about two seconds.
  const diagnostics = (() => {
    let cached: Map<string, string[]> | undefined;
    return () => {
      if (cached !== undefined) return cached;
      const files = runnable.map((block) => {
        const file = fileOf(block, 'ts');
        writeFileSync(file, block.code);
        return file;
      });
      refusedCalls().forEach((call, index) => {
        const file = join(scratch, `refused-${index}.ts`);
        writeFileSync(file, `import { Logger } from 'logbook';\nconst log = new Logger('auth');\n${call};\n`);
        files.push(file);
      });
      const program = ts.createProgram(files, {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      });
      cached = new Map(files.map((file) => [file, []]));
      for (const d of ts.getPreEmitDiagnostics(program)) {
        const file = d.file?.fileName ?? '';
        const line = d.file === undefined ? 0 : d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
        const text = `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        (cached.get(file) ?? cached.set(file, []).get(file)!).push(text);
      }
      return cached;
    };
  })();

  it('every example type-checks against the built package, as strict TypeScript', () => {
    const found = diagnostics();
    for (const block of runnable) expect(found.get(fileOf(block, 'ts')), nameOf(block)).toEqual([]);
  });

  it('the calls the text says TypeScript refuses are compile errors', () => {
    const found = diagnostics();
    const calls = refusedCalls();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    calls.forEach((call, index) => {
      const errors = found.get(join(scratch, `refused-${index}.ts`));
      expect(
        errors?.length,
        `${call} compiles, but docs/logbook.md says it is a compile error`,
      ).toBeGreaterThan(0);
    });
  });

  it("docs/record-schema.md's example record is valid against the record schema", () => {
    const examples = [
      ...readFileSync(join(docsDir, 'record-schema.md'), 'utf8').matchAll(/^```json\n([\s\S]*?)^```$/gm),
    ];
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const [, json] of examples) assertValidRecord(JSON.stringify(JSON.parse(json!)));
  });

  for (const block of examples) {
    it(`${nameOf(block)} runs, its assertions hold, it leaves the stack empty and does what the text says`, async () => {
      const result = await runs.get(block)!;
      const expected = expectations[block.heading] ?? {};
      expect(result.code, `exit code; it printed:\n${result.stdout}${result.stderr}`).toBe(
        expected.exit ?? 0,
      );
      const written = (block.code.match(/console\.assert\(/g) ?? []).length;
      expect(result.asserts, 'every console.assert in the example ran').toBeGreaterThanOrEqual(written);
      if (expected.popsEverything !== false)
        expect(result.stackEmpty, 'the application stack is empty again at exit').toBe(true);
      const check = expected.check;
      expect(
        written > 0 || check !== undefined,
        `an example that asserts nothing needs a check under "${block.heading}"`,
      ).toBe(true);
      await check?.(result);
      if (check === undefined) expect(result.stderr, 'nothing unexpected on stderr').toBe('');
    });
  }
});

// The text promises that this configuration loses nothing with a FileHandler's default path check (no SIGHUP):
// logrotate renames the file while a process writes, the process notices within watchInterval and reopens.
describe("docs/files-and-durability.md's logrotate configuration", () => {
  const logrotateVersion = (): boolean => {
    try {
      execFileSync('logrotate', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };

  it('run by logrotate while a FileHandler writes, keeps every record once', async () => {
    if (!logrotateVersion()) aptInstall('logrotate');
    if (!logrotateVersion())
      throw new Error(
        'This test needs logrotate and could not install it: run `apt-get update && apt-get install -y logrotate`.',
      );
    const doc = readFileSync(join(docsDir, 'files-and-durability.md'), 'utf8');
    const config = /^```\n(\/var\/log\/shop\/app\.jsonl \{[\s\S]*?)^```$/m.exec(doc)?.[1];
    expect(config, 'the logrotate block under "Reopening after external rotation"').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'logbook-logrotate-'));
    folders.push(dir);
    const path = join(dir, 'app.jsonl');
    // The doc's block as written, on a private path, owned by whoever runs the test instead of a `shop` user.
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(dir, 'logrotate.conf'),
      config!
        .replace('/var/log/shop/app.jsonl', path)
        .replace(/create 0640 shop shop/, `create 0640 ${userInfo().username} ${group}`),
      { mode: 0o644 },
    );
    const total = 3000;
    const writer = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { FileHandler, Logger } from ${JSON.stringify(pathToFileURL(join(here, '../dist/index.js')).href)};
         const handler = new FileHandler(${JSON.stringify(path)}).pushApplication();
         const log = new Logger('app');
         for (let n = 0; n < ${total}; n++) {
           log.info('record {n}', { n });
           if (n % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 10));
         }
         handler.popApplication();
         handler.close();`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    writer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Rotated as soon as it holds records (notifempty leaves an empty file alone), not after a guessed time.
    await until('the writer to write its first records', () => (sizeOf(path) > 0 ? true : undefined));
    execFileSync('logrotate', ['-f', '-s', join(dir, 'logrotate.state'), join(dir, 'logrotate.conf')]);
    const [code] = (await once(writer, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // delaycompress: the first rotation leaves app.jsonl.1 plain, so both files are read as text.
    expect(readdirSync(dir).sort()).toEqual([
      'app.jsonl',
      'app.jsonl.1',
      'logrotate.conf',
      'logrotate.state',
    ]);
    const numbers = [path, `${path}.1`].flatMap((file) =>
      recordsIn(file).map((record) => (record.fields as { n: number }).n),
    );
    expect(recordsIn(path).length, 'records written after the rotation went to the new file').toBeGreaterThan(
      0,
    );
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
  }, 30_000);
});

/** The size of the file at `path`; 0 while there is none. */
function sizeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}
