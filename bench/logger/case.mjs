// One benchmark case in a fresh process: `node case.mjs <library> <destination path> <burst|paced> <count>`.
// Prints one JSON line: {"ms", "maxRssKb"}. Timed from the first logging call until the data is written
// and the destination is closed. `node case.mjs disabled <library>` measures a filtered-out debug call.
import { once } from 'node:events';
import { Writable } from 'node:stream';
import fs from 'node:fs';

const [library, dest, mode, countText] = process.argv.slice(2);
const count = Number(countText ?? 200_000);
const paced = mode === 'paced';
const route = '/api/courses/:slug';
const fieldsFor = (n) => ({ userId: `u${n % 5000}`, route, status: 200, n });
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

async function run(log, finish) {
  const start = process.hrtime.bigint();
  for (let n = 0; n < count; n++) {
    log(n);
    if (paced && n % 100 === 99) await yieldTurn();
  }
  // Some destinations (pino's transport thread) do not keep the event loop alive while closing.
  const keepAlive = setInterval(() => {}, 1000);
  await finish();
  clearInterval(keepAlive);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const cases = {
  async logbook() {
    const { Logger, FileHandler } = await import('logbook');
    // The library's defaults; LOGBOOK_THREAD=1 or 0 chooses the write thread explicitly.
    const thread = process.env.LOGBOOK_THREAD;
    const handler = new FileHandler(dest, {
      level: 'info',
      ...(thread === undefined ? {} : { thread: thread === '1' }),
    }).pushApplication();
    const log = new Logger('bench');
    return run(
      (n) => log.info('request handled', fieldsFor(n)),
      () => handler.close(),
    );
  },
  async raw() {
    // The same bytes logbook writes, formatted before timing starts, through the same batching writer.
    const { Logger, FileHandler, TestHandler, JsonFormatter } = await import('logbook');
    const formatter = new JsonFormatter();
    const capture = new TestHandler({ formatter }).pushApplication();
    const log = new Logger('bench');
    const lines = new Array(count);
    for (let n = 0; n < count; n++) {
      log.info('request handled', fieldsFor(n));
      lines[n] = formatter.format(capture.records[n]);
    }
    capture.popApplication();
    const handler = new FileHandler(dest);
    const writer = handler.writer;
    return run(
      (n) => writer.write(lines[n]),
      () => handler.close(),
    );
  },
  async 'pino-sync'() {
    const { default: pino } = await import('pino');
    const stream = pino.destination({ dest, sync: true });
    const log = pino(stream);
    return run(
      (n) => log.info(fieldsFor(n), 'request handled'),
      async () => {
        stream.flushSync();
        const closed = once(stream, 'close');
        stream.end();
        await closed;
      },
    );
  },
  async 'pino-async'() {
    const { default: pino } = await import('pino');
    const stream = pino.destination({ dest, sync: false });
    const log = pino(stream);
    return run(
      (n) => log.info(fieldsFor(n), 'request handled'),
      async () => {
        const closed = once(stream, 'close');
        stream.end();
        await closed;
      },
    );
  },
  async 'pino-worker'() {
    const { default: pino } = await import('pino');
    const transport = pino.transport({ target: 'pino/file', options: { destination: dest } });
    const log = pino(transport);
    return run(
      (n) => log.info(fieldsFor(n), 'request handled'),
      async () => {
        const closed = once(transport, 'close');
        transport.end();
        await closed;
      },
    );
  },
  async winston() {
    const { default: winston } = await import('winston');
    const file = new winston.transports.File({ filename: dest });
    const log = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [file] });
    return run(
      (n) => log.info('request handled', fieldsFor(n)),
      async () => {
        const done = once(file, 'finish');
        log.end();
        await done;
        await waitForLines(dest, count);
      },
    );
  },
  async bunyan() {
    const { default: bunyan } = await import('bunyan');
    const stream = fs.createWriteStream(dest, { flags: 'a' });
    const log = bunyan.createLogger({ name: 'bench', streams: [{ stream, level: 'info' }] });
    return run(
      (n) => log.info(fieldsFor(n), 'request handled'),
      async () => {
        const closed = once(stream, 'close');
        stream.end();
        await closed;
      },
    );
  },
  async logtape() {
    const { configure, dispose, getLogger, getStreamSink, jsonLinesFormatter } =
      await import('@logtape/logtape');
    const stream = Writable.toWeb(fs.createWriteStream(dest, { flags: 'a' }));
    await configure({
      sinks: { file: getStreamSink(stream, { formatter: jsonLinesFormatter }) },
      loggers: [
        { category: ['bench'], lowestLevel: 'info', sinks: ['file'] },
        { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: [] },
      ],
    });
    const log = getLogger(['bench']);
    return run(
      (n) => log.info('request handled', fieldsFor(n)),
      () => dispose(),
    );
  },
};

// Winston's 'finish' can come before its file stream has written everything; wait for the lines.
async function waitForLines(path, expected) {
  if (path === '/dev/null') return;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const text = fs.readFileSync(path, 'utf8');
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (lines >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function disabled() {
  const calls = 5_000_000;
  const which = dest;
  let call;
  if (which === 'logbook') {
    const { Logger, FileHandler } = await import('logbook');
    new FileHandler('/dev/null', { level: 'info' }).pushApplication();
    const log = new Logger('bench');
    call = (n) => log.debug('cache miss for {key}', { key: n });
  } else {
    const { default: pino } = await import('pino');
    const log = pino(pino.destination({ dest: '/dev/null', sync: true }));
    call = (n) => log.debug({ key: n }, 'cache miss');
  }
  for (let n = 0; n < 200_000; n++) call(n); // warm up
  const start = process.hrtime.bigint();
  for (let n = 0; n < calls; n++) call(n);
  const ns = Number(process.hrtime.bigint() - start) / calls;
  process.stdout.write(JSON.stringify({ ns }) + '\n');
}

if (library === 'disabled') {
  await disabled();
} else {
  const ms = await cases[library]();
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}
