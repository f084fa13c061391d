// Found by syslog-messages-are-well-formed-for-any-record.test.ts: a message longer than maxMessageSize was
// cut at that byte, inside a character when the text was not ASCII (`日本…` cut after one byte of 本), so
// the server got invalid UTF-8 after a BOM that promises UTF-8; a record time that is no date made message()
// throw (the record was lost) and now writes the NILVALUE.

import { describe, expect, it } from 'vitest';
import { LogRecord, SyslogHandler } from '../src/index.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

describe('a syslog message', () => {
  it('cut to maxMessageSize ends on a whole character', () => {
    const record = new LogRecord(Date.UTC(2026, 10, 22), 30, 'app', '日本'.repeat(200));
    for (let max = 240; max < 246; max++) {
      const handler = new SyslogHandler({ maxMessageSize: max, appName: 'app', procId: '1', hostname: 'h' });
      const data = handler.message(record);
      void handler.close();
      expect(data.length).toBeLessThanOrEqual(max);
      expect(data.length).toBeGreaterThan(max - 3);
      expect(() => decoder.decode(data)).not.toThrow();
    }
  });

  it('of a record whose time is no date has the NILVALUE as its timestamp', () => {
    const handler = new SyslogHandler({ appName: 'app', procId: '1', hostname: 'h' });
    const data = handler.message(new LogRecord(Number.NaN, 30, 'app', 'hello'));
    void handler.close();
    expect(data.toString('utf8')).toMatch(/^<14>1 - h app 1 - \[/);
  });
});
