import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseJsonAccessLine } from '../src/commands/anonymise-json-access-line.js';

type Json = Record<string, unknown>;
const copyOf = (entry: Json): Json =>
  JSON.parse(anonymiseJsonAccessLine(JSON.stringify(entry), new Pseudonymiser({ key: 'k' }))) as Json;

const caddy = {
  level: 'info',
  ts: 1795341600.524,
  logger: 'http.log.access.log0',
  msg: 'handled request',
  request: {
    remote_ip: '203.0.113.5',
    remote_port: '41342',
    client_ip: '203.0.113.5',
    proto: 'HTTP/2.0',
    method: 'GET',
    host: 'shop.example',
    uri: '/search?q=shoes',
    headers: {
      'User-Agent': ['curl/8.5.0'],
      'Content-Length': [0],
      'X-Session-Id': ['88412345'],
      'X-Api-Key': ['4711-0815'],
      Cookie: ['4711:0815'],
      'X-Customer-Ref': ['ann-smith-7731'],
      'Cache-Control': ['no-cache'],
    },
    tls: { resumed: false, version: 772, cipher_suite: 4865, proto: 'h2', server_name: 'shop.example' },
  },
  bytes_read: 0,
  user_id: '',
  duration: 0.0012,
  size: 512,
  status: 200,
  resp_headers: { Server: ['Caddy'] },
};

describe('anonymise: the headers of a JSON access log', () => {
  const copy = copyOf(caddy);
  const request = copy['request'] as { headers: Record<string, unknown[]>; tls: Json };

  it('a header named like a secret or a credential is `-`, even when its value is a number', () => {
    expect(request.headers['X-Session-Id']).toEqual(['-']);
    expect(request.headers['X-Api-Key']).toEqual(['-']);
    expect(request.headers['Cookie']).toEqual(['-']);
  });

  it('an unknown header is `-`, and one that only says how the client talks is kept, numbers too', () => {
    expect(request.headers['X-Customer-Ref']).toEqual(['-']);
    expect(request.headers['Cache-Control']).toEqual(['no-cache']);
    expect(request.headers['Content-Length']).toEqual([0]);
    expect(request.headers['User-Agent']).toEqual(['curl/8.5.0']);
  });

  it("Caddy's TLS details are kept, as they say how the request went", () => {
    expect(request.tls).toEqual(caddy.request.tls);
  });

  it('a query written with its `?` keeps it, its secrets replaced', () => {
    const plain = copyOf({
      time: '2026-11-22T10:00:00Z',
      status: 200,
      request: 'GET /login HTTP/1.1',
      query: '?token=abc123def&lang=en',
    });
    expect(plain['query']).toMatch(/^\?token=q-[0-9a-f]{10}&lang=en$/);
  });
});
