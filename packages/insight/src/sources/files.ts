import { accessSync, constants, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Thrown when a source argument names nothing readable. */
export class SourceError extends Error {
  override name = 'SourceError';
}

const WILDCARD = /[*?[]/;

/** Expands files, folders (recursively, skipping dot-entries such as `.logbook/`) and globs into sorted file paths. */
export function expandSources(inputs: readonly string[], checkReadable = true): string[] {
  const out = new Set<string>();
  for (const input of inputs) {
    if (WILDCARD.test(input)) {
      const matches = expandGlob(input);
      if (matches.length === 0)
        throw new SourceError(
          `No file matches ${input}. Check the pattern (quote it so the shell does not expand it).`,
        );
      for (const m of matches) out.add(m);
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EACCES') throw denied(input);
      const target = linkTarget(input);
      throw new SourceError(
        target === undefined
          ? `Cannot read ${input}: no such file or folder. Pass a log file, a folder such as ./logs, or a glob.`
          : `Cannot read ${input}: it is a symbolic link to ${target}, which does not exist. Pass the file it should point to, or fix the link.`,
      );
    }
    if (st.isDirectory()) for (const f of walk(resolve(input))) out.add(f);
    else out.add(resolve(input));
  }
  const files = unique([...out].sort());
  // Checked here, by name, rather than failing later inside a reader with a bare "EACCES: permission denied".
  if (checkReadable)
    for (const f of files) {
      try {
        accessSync(f, constants.R_OK);
      } catch {
        throw denied(f);
      }
    }
  return files;
}

/**
 * Drops a path that names the same file as an earlier one (a link beside its target, a folder given twice through
 * a link), so no line is counted twice. Sorted input keeps the first name in order.
 */
function unique(paths: string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return true; // judged later by the reader, which names it
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function denied(path: string): SourceError {
  return new SourceError(
    `Cannot read ${path}: permission denied. Run logbook as a user who may read it (for /var/log, often the adm group), or leave it out.`,
  );
}

/**
 * The files under a folder. Symbolic links are followed, as `ls` and `cat` would (a log folder often links to the
 * live file); a link whose target is gone is passed over like any entry that is not a file, and a linked folder
 * already walked (a link to a parent) is not walked again.
 */
function walk(dir: string, seen = new Set<string>()): string[] {
  const files: string[] = [];
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = dir;
  }
  if (seen.has(real)) return files;
  seen.add(real);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EACCES') throw denied(dir);
    throw e;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let kind: { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        kind = statSync(full);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EACCES') throw denied(full);
        continue; // dangling
      }
    }
    if (kind.isDirectory()) files.push(...walk(full, seen));
    else if (kind.isFile()) files.push(full);
  }
  return files;
}

function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const parts = abs.split(sep);
  const fixed: string[] = [];
  for (const p of parts) {
    if (WILDCARD.test(p)) break;
    fixed.push(p);
  }
  const base = fixed.join(sep) || sep;
  const re = globToRegExp(relative(base, abs).split(sep).join('/'));
  let candidates: string[];
  try {
    candidates = statSync(base).isDirectory() ? walk(base) : [];
  } catch {
    return [];
  }
  return candidates.filter((f) => re.test(relative(base, f).split(sep).join('/')));
}

/**
 * `**` matches any number of folders, `*` and `?` stay within one path segment, and `[...]` is one character of a
 * set (`[0-9]`, `[!.]` for any but those), as in the shell; a `[` with no `]` after it is the character itself.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = bracketEnd(glob, i);
      if (end === -1) re += '\\[';
      else {
        re += characterSet(glob.slice(i + 1, end));
        i = end;
      }
    } else re += escapeRegExp(c);
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    // A set the regular expression cannot hold, such as a range written backwards ([9-0]).
    throw new SourceError(
      `${glob} is no pattern logbook can read: a [...] set there is not a list or range of characters such as [0-9]. Write the range low to high ([0-9], not [9-0]); [[] matches a [ itself.`,
    );
  }
}

/** A glob's set (what stands between `[` and `]`) as a regular expression's; it never matches the separator. */
function characterSet(inside: string): string {
  const negated = inside.startsWith('!') || inside.startsWith('^');
  const members = (negated ? inside.slice(1) : inside).replace(/[\\\]^[]/g, '\\$&');
  return negated ? `[^/${members}]` : `(?!/)[${members}]`;
}

/** Where the `]` closing the set opened at `open` is (a `]` first in the set is a member), or -1. */
function bracketEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  return glob.indexOf(']', i);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
