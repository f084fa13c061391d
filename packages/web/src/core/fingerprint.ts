// Groups crashes: the same bug must get the same fingerprint on every request and after every deploy.
// So: the error's name plus the top frames that are the application's own code (not node_modules, not
// Node internals), with line and column numbers dropped (they move with every edit) and paths made
// relative to the file's package, the nearest folder with a package.json (they move with every deploy
// directory, and the working directory depends on how the app was started). An anonymous function (how
// most route handlers are written) has no name to tell it from its neighbours in the same file, so its
// frame is known by the text of its line instead: that moves with edits above it no more than a name does.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toErrorInfo } from 'logbook';

// A frame line is indented ("    at …"); a line of the message that starts with "at" is not (V8 writes the message
// as it is, so "declined\nat 10:32" must not become a frame of a file named "10").
const FRAME = /^\s+at (?:(.+?) \()?(.+?)(?::(\d+))?(?::\d+)?\)?$/;
const APP_FRAMES = 3;

function isAppFile(file: string): boolean {
  return !(
    file.startsWith('node:') ||
    file.includes('/node_modules/') ||
    file.includes('\\node_modules\\') ||
    file.startsWith('internal/') ||
    file === 'native' ||
    file === '<anonymous>'
  );
}

/** Each folder's package root (or null: none up to the file system's root), found once. */
const packageRoots = new Map<string, string | null>();

function packageRoot(dir: string): string | null {
  const known = packageRoots.get(dir);
  if (known !== undefined) return known;
  const parent = dirname(dir);
  const root = existsSync(join(dir, 'package.json')) ? dir : parent === dir ? null : packageRoot(parent);
  if (packageRoots.size >= 1_000) packageRoots.clear();
  packageRoots.set(dir, root);
  return root;
}

/** Each source file's lines (or null: unreadable), read once; incidents are rare, files few. */
const sourceFiles = new Map<string, string[] | null>();

/** The text of a line of a source file, spaces collapsed; undefined when the file cannot be read. */
function lineText(file: string, line: number): string | undefined {
  let path: string;
  try {
    path = file.startsWith('file://') ? fileURLToPath(file) : file;
  } catch {
    return undefined;
  }
  let lines = sourceFiles.get(path);
  if (lines === undefined) {
    try {
      lines = readFileSync(path, 'utf8').split('\n');
    } catch {
      lines = null;
    }
    if (sourceFiles.size >= 200) sourceFiles.clear();
    sourceFiles.set(path, lines);
  }
  const text = lines?.[line - 1]?.trim().replace(/\s+/g, ' ');
  return text === undefined || text === '' ? undefined : text.slice(0, 200);
}

/**
 * A file URL's path with its escapes decoded; as written when an escape is broken (a stack rewritten by a tool or set
 * by hand), which must not keep the crash from its page and incident.
 */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** `file` relative to its package root; relative to `cwd` when no package.json is above it (a bare script). */
function normaliseFile(file: string, cwd: string): string {
  // A module URL's query (cache busting) or fragment is no part of the file; it ends at the first `?` or `#` as
  // written, before decoding (a `?` in a folder's name is written %3F). A plain path is all file name.
  let out = file.startsWith('file://') ? decodedPath(file.slice(7).replace(/[?#].*/s, '')) : file;
  const root = out.startsWith('/') || /^[A-Za-z]:[\\/]/.test(out) ? packageRoot(dirname(out)) : null;
  if (root !== null) out = relative(root, out).split(sep).join('/');
  else if (out.startsWith(cwd + '/')) out = out.slice(cwd.length + 1);
  return out.replace(/\\/g, '/');
}

/** The application frames the fingerprint is made of (for tests and for showing what grouped). */
export function appFrames(stack: string | undefined, cwd = process.cwd()): string[] {
  if (stack === undefined) return [];
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const file = match[2]!;
    if (!isAppFile(file)) continue;
    const fn = (match[1] ?? '').replace(/^async /, '').replace(/ \[as [^\]]+\]$/, '');
    const where = normaliseFile(file, cwd);
    if (fn !== '' && !fn.endsWith('<anonymous>')) {
      frames.push(`${fn} ${where}`);
    } else {
      // A module URL's query (cache busting) is no part of the file: fileURLToPath leaves it out.
      const text = match[3] === undefined ? undefined : lineText(file, Number(match[3]));
      frames.push(text === undefined ? `<anonymous> ${where}` : `<anonymous> ${where}: ${text}`);
    }
    if (frames.length === APP_FRAMES) break;
  }
  return frames;
}

/** Numbers, hex ids and quoted values vary per request; without app frames the message is all we have. */
function normaliseMessage(message: string): string {
  return message
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\b[0-9a-f]{8,}\b/gi, 'H')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
}

/** 16 hex characters identifying the bug behind an error. */
export function fingerprint(error: unknown, cwd = process.cwd()): string {
  const info = toErrorInfo(error);
  const frames = appFrames(info.stack, cwd);
  const basis = frames.length > 0 ? frames.join('\n') : normaliseMessage(info.message);
  return createHash('sha256').update(`${info.name}\n${basis}`).digest('hex').slice(0, 16);
}
