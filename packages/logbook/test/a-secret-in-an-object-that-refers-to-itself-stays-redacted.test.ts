// An object that refers back to itself (a tree node's parent, a config that holds its own owner) is written with
// the cycle closed as "[Circular]". Redaction copies a branch that holds a secret; the cycle inside that copy used
// to point at the original branch, so the JSON line held the original one level down, secret and all.

import { describe, expect, it } from 'vitest';
import { redactedOutputs as outputsOf } from './support/redacted-outputs.js';

describe('a secret in an object that refers to itself', () => {
  it('is redacted in a field, with the cycle written as "[Circular]"', () => {
    const account: Record<string, unknown> = { user: 'ann', password: 'hunter2' };
    account['self'] = account;
    const { json, outputs } = outputsOf((log) => log.info('signed in {user}', { user: 'ann', account }));
    expect(json['fields']).toEqual({
      user: 'ann',
      account: { user: 'ann', password: '[redacted]', self: '[Circular]' },
    });
    for (const output of outputs) expect(output).not.toContain('hunter2');
  });

  it('is redacted when the cycle closes deeper down, through an array', () => {
    const node: Record<string, unknown> = { name: 'root', api_key: 'k-123456', children: [] };
    (node['children'] as unknown[]).push({ name: 'leaf', parent: node });
    const { json, outputs } = outputsOf((log) => log.info('tree', { node }));
    expect(json['fields']).toEqual({
      node: {
        name: 'root',
        api_key: '[redacted]',
        children: [{ name: 'leaf', parent: '[Circular]' }],
      },
    });
    for (const output of outputs) expect(output).not.toContain('k-123456');
  });

  it('is redacted in an error property that points back at the field holding the error', () => {
    const request: Record<string, unknown> = { url: '/login', token: 'tok-987654' };
    request['failure'] = Object.assign(new Error('refused'), { request });
    const { outputs } = outputsOf((log) => log.error('login failed', { request }));
    for (const output of outputs) expect(output).not.toContain('tok-987654');
    expect(outputs[0]).toContain('"token":"[redacted]"');
  });

  it('leaves an object with a cycle and no secret written as before', () => {
    const plain: Record<string, unknown> = { name: 'loop' };
    plain['self'] = plain;
    const { json } = outputsOf((log) => log.info('loop', { plain }));
    expect(json['fields']).toEqual({ plain: { name: 'loop', self: '[Circular]' } });
  });
});
