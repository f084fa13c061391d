// One record logged through redaction, as every output writes it: the tests of secrets that must not be written
// look at all of them, since each output walks the record its own way.
import {
  ConsoleFormatter,
  JsonFormatter,
  Logger,
  NestedSetup,
  RedactProcessor,
  TestHandler,
  TextFormatter,
  type RedactOptions,
} from '../../src/index.js';

/** The record's JSON line, parsed, and every output's text: the JSON line, its UTF-8 bytes, text and console. */
export function redactedOutputs(
  log: (logger: Logger) => void,
  options: RedactOptions = {},
): { json: Record<string, unknown>; outputs: string[] } {
  const sink = new TestHandler({ formatter: new JsonFormatter({ host: 'h' }) });
  const setup = new NestedSetup([sink, new RedactProcessor(options)]).pushApplication();
  try {
    log(new Logger('app'));
  } finally {
    setup.popApplication();
  }
  const record = sink.records[0]!;
  const line = sink.formatted[0]!;
  return {
    json: JSON.parse(line) as Record<string, unknown>,
    outputs: [
      line,
      Buffer.from(new JsonFormatter({ host: 'h' }).formatUtf8Bytes(record), 'latin1').toString('utf8'),
      new TextFormatter({ template: '{msg} | {message} | {error}' }).format(record),
      new ConsoleFormatter({ color: false }).format(record),
    ],
  };
}
