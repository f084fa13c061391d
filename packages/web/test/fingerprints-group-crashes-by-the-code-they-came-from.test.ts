// An incident's fingerprint groups crashes of one bug and tells different bugs apart: it is made of the error's
// name and the first three frames of the application's own code. Which function (or, for an anonymous one, which
// line of code) threw counts; the values in the message, line numbers, `async`, method aliases and a module URL's
// cache-busting query do not. Without any frame of the app's own, the message counts, its values left out.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appFrames, fingerprint } from '../src/index.js';

function crash(stack: string, name = 'Error', message = 'x'): Error {
  const error = new Error(message);
  error.name = name;
  error.stack = stack;
  return error;
}

/** An error whose stack has only library and Node frames: no app frame to go by. */
function libraryError(message: string, name = 'Error'): Error {
  return crash(
    [
      `${name}: ${message}`,
      '    at Query.run (/srv/app/node_modules/pg/lib/query.js:10:3)',
      '    at node:internal/process/task_queues:95:5',
      '    at internal/modules/cjs/loader.js:1063:30',
      '    at native',
      '    at <anonymous>',
    ].join('\n'),
    name,
    message,
  );
}

describe('fingerprints group crashes by the code they came from', () => {
  it('by the message without its values when no frame is the app’s own', () => {
    const a = libraryError('user "bob" has no row 42 in 5f3a9c01d2 (\'eu\')');
    const b = libraryError('user "alice" has no row 7 in 9b0e11aa77f3 (\'us\')');
    expect(fingerprint(a, '/srv/app')).toBe(fingerprint(b, '/srv/app'));
    expect(fingerprint(a, '/srv/app')).not.toBe(fingerprint(libraryError('user has no cart'), '/srv/app'));
    expect(fingerprint(a, '/srv/app')).not.toBe(
      fingerprint(libraryError('user "bob" has no row 42 in 5f3a9c01d2 (\'eu\')', 'RangeError'), '/srv/app'),
    );
    // Only the first 200 characters of a long message count, once its values are left out.
    const long = (tail: string) => libraryError(`${'query failed: '.repeat(20)}${tail}`);
    expect(fingerprint(long('SELECT a'), '/srv/app')).toBe(fingerprint(long('UPDATE b'), '/srv/app'));
    // Words that merely hold hex letters or digits are words, not ids.
    expect(fingerprint(libraryError('bad face'), '/srv/app')).not.toBe(
      fingerprint(libraryError('bad deed'), '/srv/app'),
    );
    expect(fingerprint(a, '/srv/app')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('by the first three app frames, whatever comes after them', () => {
    const frames = (fourth: string, third = 'saveOrder') =>
      [
        'Error: x',
        '    at async Object.handle [as post] (/srv/app/src/routes.js:10:3)',
        '    at checkout (/srv/app/src/shop.js:20:5)',
        '    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
        `    at ${third} (/srv/app/src/orders.js:30:7)`,
        `    at ${fourth} (/srv/app/src/db.js:40:9)`,
      ].join('\n');
    expect(appFrames(frames('query'), '/srv/app')).toEqual([
      'Object.handle src/routes.js',
      'checkout src/shop.js',
      'saveOrder src/orders.js',
    ]);
    expect(fingerprint(crash(frames('query')), '/srv/app')).toBe(
      fingerprint(crash(frames('insert')), '/srv/app'),
    );
    expect(fingerprint(crash(frames('query')), '/srv/app')).not.toBe(
      fingerprint(crash(frames('query', 'cancelOrder')), '/srv/app'),
    );
    // The same function called plainly, not awaited or under an alias, is the same frame.
    const plain = frames('query').replace('async Object.handle [as post]', 'Object.handle');
    expect(fingerprint(crash(plain), '/srv/app')).toBe(fingerprint(crash(frames('query')), '/srv/app'));
  });

  it('not by lines of the message that start with “at”, which are no frames', () => {
    const declined = (when: string) =>
      crash(
        [
          'PaymentError: card declined',
          `at ${when} by the bank`,
          'at: /srv/app/src/limits.js:3:1',
          '    at pay (/srv/app/src/checkout.js:12:9)',
        ].join('\n'),
        'PaymentError',
        `card declined\nat ${when} by the bank\nat: /srv/app/src/limits.js:3:1`,
      );
    expect(appFrames(declined('10:32').stack, '/srv/app')).toEqual(['pay src/checkout.js']);
    expect(fingerprint(declined('10:32'), '/srv/app')).toBe(fingerprint(declined('17:05'), '/srv/app'));
  });

  it('by the line of code of an anonymous function, which moves with edits above it no more than a name', () => {
    const base = mkdtempSync(join(tmpdir(), 'fingerprint-anonymous-'));
    const source = [
      "app.get('/cart', (req, res) => {",
      '  res.send(cart.total.toFixed(2));',
      '});',
      "app.get('/user', (req, res) => {",
      '  res.send(user.name.trim());',
      '});',
    ];
    /** A release of the app: its package folder with src/routes.js. */
    const release = (name: string, lines: string[]): string => {
      const root = join(base, name);
      mkdirSync(join(root, 'src'), { recursive: true });
      writeFileSync(join(root, 'package.json'), '{"name":"shop"}');
      writeFileSync(join(root, 'src', 'routes.js'), lines.join('\n'));
      return join(root, 'src', 'routes.js');
    };
    const first = release('41', source);
    const at = (file: string, line: number, query = '') =>
      `TypeError: x\n    at file://${file}${query}:${line}:20`;
    const cart = fingerprint(crash(at(first, 2), 'TypeError'), '/');
    expect(appFrames(at(first, 2), '/')).toEqual([
      '<anonymous> src/routes.js: res.send(cart.total.toFixed(2));',
    ]);
    expect(fingerprint(crash(at(first, 5), 'TypeError'), '/')).not.toBe(cart);
    // The next release has two lines added above: the same code on another line, here from a module URL with a
    // cache-busting query.
    const next = release('42', ['// cart', '', ...source]);
    expect(fingerprint(crash(at(next, 4, '?t=1732290000'), 'TypeError'), '/')).toBe(cart);
    // A file that cannot be read: the frame is known by its file alone.
    expect(appFrames('Error: x\n    at /srv/gone/app.js:3:1', '/srv/gone')).toEqual(['<anonymous> app.js']);
  });

  it('by the line of code in a CommonJS file too, and of its top-level code', () => {
    const root = mkdtempSync(join(tmpdir(), 'fingerprint-commonjs-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'package.json'), '{"name":"shop"}');
    const long = `const banner = '${'='.repeat(300)}';`;
    const file = join(root, 'src', 'routes.js');
    writeFileSync(
      file,
      [
        "app.get('/cart', (req, res) => {",
        '  res.send(cart.total.toFixed(2));',
        '});',
        long,
        '',
        '\tres.send( cart.total ,\t\t  cart.tax );',
      ].join('\n'),
    );
    const frame = (at: string) => appFrames(`TypeError: x\n    at ${at}`, '/')[0];
    // CommonJS stacks name files by path, not URL; a module's top-level code runs as Object.<anonymous>.
    expect(frame(`${file}:2:20`)).toBe('<anonymous> src/routes.js: res.send(cart.total.toFixed(2));');
    expect(frame(`Object.<anonymous> (${file}:2:20)`)).toBe(frame(`${file}:2:20`));
    expect(frame(`Object.<anonymous> (${file}:4:1)`)).toBe(
      `<anonymous> src/routes.js: ${long.slice(0, 200)}`,
    );
    // A line the file no longer has (it changed on disk since the process started): known by its file.
    expect(frame(`${file}:99:1`)).toBe('<anonymous> src/routes.js');
    // A blank line says nothing: known by its file too. Runs of spaces and tabs count as one space.
    expect(frame(`${file}:5:1`)).toBe('<anonymous> src/routes.js');
    expect(frame(`${file}:6:2`)).toBe('<anonymous> src/routes.js: res.send( cart.total , cart.tax );');
    // A file URL naming another host cannot be read here, and is no error.
    expect(frame('file://files.example/srv/app.js:3:1')).toBe('<anonymous> files.example/srv/app.js');
  });

  it('by paths relative to the working directory only for files inside it', () => {
    const frame = (file: string) => appFrames(`Error: x\n    at run (${file}:3:1)`, '/srv/gone');
    expect(frame('/srv/gone/app.js')).toEqual(['run app.js']);
    expect(frame('/srv/gone-old/app.js')).toEqual(['run /srv/gone-old/app.js']);
    expect(frame('/opt/tool/run.js')).toEqual(['run /opt/tool/run.js']);
  });

  it('by a file URL with a broken % escape as it is written', () => {
    const frame = (file: string) => appFrames(`Error: x\n    at run (${file}:3:1)`, '/srv/gone');
    expect(frame('file:///srv/gone/100%zz.js')).toEqual(['run 100%zz.js']);
    expect(frame('file:///srv/gone/100%25.js')).toEqual(['run 100%.js']);
  });

  it('by the whole path of a file in a folder with ? or # in its name, and a URL without its query or hash', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'fingerprint-')), 'shop?v2#eu');
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"name":"shop"}');
    writeFileSync(join(root, 'src', 'cart.js'), 'total();\n');
    writeFileSync(join(root, 'src', 'user.js'), 'name();\n');
    const stack = (file: string) => `TypeError: x\n    at handle (${file}:1:1)`;
    const cart = join(root, 'src', 'cart.js');
    const user = join(root, 'src', 'user.js');
    // Two bugs in functions of one name in two files of that folder are two incidents, not one.
    expect(appFrames(stack(cart), '/')).toEqual(['handle src/cart.js']);
    expect(appFrames(stack(user), '/')).toEqual(['handle src/user.js']);
    expect(fingerprint(crash(stack(cart)), '/')).not.toBe(fingerprint(crash(stack(user)), '/'));
    // A module URL writes those characters escaped; its own query or hash ends it, wherever it starts.
    const url = pathToFileURL(cart).href;
    expect(url).toContain('shop%3Fv2%23eu');
    for (const tail of ['', '?t=1732290000', '#top', '?v=2#top']) {
      expect(appFrames(stack(url + tail), '/')).toEqual(['handle src/cart.js']);
    }
    // An anonymous frame is known by its line, read from the file at that path.
    expect(appFrames(`TypeError: x\n    at ${cart}:1:1`, '/')).toEqual(['<anonymous> src/cart.js: total();']);
    expect(appFrames(`TypeError: x\n    at ${url}?t=1:1:1`, '/')).toEqual([
      '<anonymous> src/cart.js: total();',
    ]);
  });

  it('by the message of a thrown value that has no stack', () => {
    expect(appFrames(undefined)).toEqual([]);
    expect(fingerprint('card declined after 42 tries')).toBe(fingerprint('card declined after 7 tries'));
    expect(fingerprint('card declined after 42 tries')).not.toBe(fingerprint('card expired after 42 tries'));
  });
});
