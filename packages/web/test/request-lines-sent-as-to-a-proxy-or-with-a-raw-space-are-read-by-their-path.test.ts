import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';
import { rawExchange } from './raw-socket.js';

// Request lines scanners send and browsers never do, as Node hands them on: a target in absolute form, which names
// a host before its path (Node passes `http://win.ini/` on as the url), and a raw space in the target, which Node
// refuses with a 400. The record shows each as sent; its signals come from the path, not from the host's name.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function recordOf(
  line: string,
  host: string,
): Promise<NonNullable<ReturnType<JsonlSite['records']>[0]>> {
  site ??= await JsonlSite.start({}, (_req, res) => res.end('ok'));
  site.clear();
  await rawExchange(
    site.url,
    `${line}\r\nHost: ${host}\r\nUser-Agent: ${CHROME}\r\nConnection: close\r\n\r\n`,
  );
  const [access] = await site.accessRecords(1);
  return access!;
}

describe('a request for a host named like a system file', () => {
  it('is no path traversal: the host is a name, the path is /', async () => {
    const record = await recordOf('GET http://win.ini/ HTTP/1.1', 'win.ini');
    expect(record.request?.path).toBe('http://win.ini/');
    expect(record.request?.status).toBe(200);
    expect(record.signals).toEqual(['malformed-request']);
    expect(record.level).toBe('INFO');
  });

  it('is a path traversal when the path asks for the file', async () => {
    const record = await recordOf(
      'GET http://shop.example/..%2f..%2fwindows/win.ini HTTP/1.1',
      'shop.example',
    );
    expect(record.signals).toEqual(['path-traversal', 'malformed-request']);
  });

  it('in the Host header alone is no signal at all', async () => {
    const record = await recordOf('GET / HTTP/1.1', 'win.ini');
    expect(record.signals ?? []).toEqual([]);
  });
});

describe('a raw space in the target', () => {
  it('is recorded with the path a lenient reader sees, without the protocol, as malformed', async () => {
    const record = await recordOf('GET /old page.html HTTP/1.1', 'shop.example');
    expect(record.request).toMatchObject({ method: 'GET', path: '/old page.html', status: 400 });
    expect(record.signals).toEqual(['malformed-request']);
  });

  it('leaves the rules reading the target, and the query after it', async () => {
    const record = await recordOf('GET /item?id=-1 union select 1,2 HTTP/1.1', 'shop.example');
    expect(record.request).toMatchObject({ path: '/item', query: 'id=-1 union select 1,2', status: 400 });
    expect(record.signals).toEqual(['sql-injection', 'malformed-request']);
  });
});
