import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Thrown when a source argument names nothing readable. */
export class SourceError extends Error {
  override name = 'SourceError';
}

const WILDCARD = /[*?[]/;

/** Expands files, folders (recursively, skipping dot-entries such as `.logbook/`) and globs into sorted file paths. */
export function expandSources(inputs: readonly string[]): string[] {
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
    } catch {
      throw new SourceError(
        `Cannot read ${input}: no such file or folder. Pass a log file, a folder such as ./logs, or a glob.`,
      );
    }
    if (st.isDirectory()) for (const f of walk(resolve(input))) out.add(f);
    else out.add(resolve(input));
  }
  return [...out].sort();
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile()) files.push(full);
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

/** `**` matches any number of folders, `*` and `?` stay within one path segment. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
