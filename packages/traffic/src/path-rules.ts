import { BACKDOOR_FILES } from './data/backdoors.js';
import {
  ADMIN_PATHS,
  ARCHIVE_EXTENSIONS,
  AUTO_REQUESTED,
  BACKUP_BASENAMES,
  CVE_PATHS,
  PHPMYADMIN_PATHS,
  SENSITIVE_EXTENSIONS,
  SENSITIVE_PATHS,
  STATIC_EXTENSIONS,
  WORDPRESS_PATHS,
} from './data/paths.js';
import { bit } from './signal-set.js';

/**
 * Path probes judged by segment lookups, not regular expressions: every entry becomes a Map key, a
 * short sequence of segments, or a segment prefix, so cost grows with the path's segments, not the lists.
 */
interface Sequence {
  rest: readonly string[];
  mask: number;
}
interface Prefix {
  prefix: string;
  mask: number;
}
export interface PathMatcher {
  segments: Map<string, number>;
  sequences: Map<string, Sequence[]>;
  prefixes: Map<string, Prefix[]>;
}

export function compilePaths(groups: ReadonlyArray<readonly [readonly string[], number]>): PathMatcher {
  const m: PathMatcher = { segments: new Map(), sequences: new Map(), prefixes: new Map() };
  for (const [entries, mask] of groups) {
    for (const raw of entries) {
      const entry = raw.toLowerCase();
      if (entry.endsWith('*')) {
        const prefix = entry.slice(0, -1);
        const key = prefix[0]!;
        const list = m.prefixes.get(key) ?? [];
        list.push({ prefix, mask });
        m.prefixes.set(key, list);
      } else if (entry.includes('/')) {
        const [first, ...rest] = entry.split('/').filter((s) => s !== '');
        const list = m.sequences.get(first!) ?? [];
        list.push({ rest, mask });
        m.sequences.set(first!, list);
      } else {
        m.segments.set(entry, (m.segments.get(entry) ?? 0) | mask);
      }
    }
  }
  return m;
}

/** The rules whose paths occur in `segs` (decoded, lower-cased, dot-resolved segments). */
export function matchPaths(m: PathMatcher, segs: readonly string[]): number {
  let mask = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const direct = m.segments.get(seg);
    if (direct !== undefined) mask |= direct;
    const seqs = m.sequences.get(seg);
    if (seqs !== undefined) {
      for (const s of seqs) {
        // Past the last segment, segs[…] is undefined and matches nothing.
        let ok = true;
        for (let j = 0; ok && j < s.rest.length; j++) ok = segs[i + 1 + j] === s.rest[j];
        if (ok) mask |= s.mask;
      }
    }
    const pre = m.prefixes.get(seg[0]!);
    if (pre !== undefined) for (const p of pre) if (seg.startsWith(p.prefix)) mask |= p.mask;
  }
  return mask;
}

const WORDPRESS = bit('wordpress-probe');
const PHPMYADMIN = bit('phpmyadmin-probe');
const ADMIN = bit('admin-interface-probe');
const SENSITIVE = bit('sensitive-file');
const BACKDOOR = bit('backdoor-probe');
const CVE = bit('cve-probe');

/** Probes for software the site may not run; not reported when the site answered the path (status < 400). */
export const PRODUCT_PROBES = WORDPRESS | PHPMYADMIN | ADMIN;

const probes = compilePaths([
  [WORDPRESS_PATHS, WORDPRESS],
  [PHPMYADMIN_PATHS, PHPMYADMIN],
  [ADMIN_PATHS, ADMIN],
  [SENSITIVE_PATHS, SENSITIVE],
  [BACKDOOR_FILES, BACKDOOR],
  [CVE_PATHS, CVE],
]);
const sensitiveExt = new Set(SENSITIVE_EXTENSIONS);
const archiveExt = new Set(ARCHIVE_EXTENSIONS);
const backupNames = new Set(BACKUP_BASENAMES);
const staticExt = new Set(STATIC_EXTENSIONS);
const auto = compilePaths([[AUTO_REQUESTED, 1]]);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

/** Probe rules for a path: segment lists plus backup/dump/key file names. */
export function pathProbeMask(segs: readonly string[], isDirectory: boolean): number {
  let mask = matchPaths(probes, segs);
  const last = segs.length > 0 ? segs[segs.length - 1]! : '';
  // File-name rules apply to files: `/scripts/wrap.backup/` is a directory listing, not a backup.
  if (last.length > 1 && !isDirectory) {
    if (last.endsWith('~')) mask |= SENSITIVE;
    const ext = extensionOf(last);
    if (ext !== '') {
      if (sensitiveExt.has(ext)) mask |= SENSITIVE;
      else if (archiveExt.has(ext)) {
        const base = last.slice(0, last.indexOf('.'));
        if (backupNames.has(base) || last.includes('.sql.')) mask |= SENSITIVE;
      } else if (ext === '.php' && last.startsWith('wp-')) mask |= WORDPRESS;
    }
  }
  return mask;
}

/** Favicons, robots.txt and the like, which clients fetch without any page linking to them. */
export function isAutoRequested(segs: readonly string[]): boolean {
  return matchPaths(auto, segs) !== 0;
}

/** Images, stylesheets, scripts and fonts (CrowdSec's "static" idea): their 404s are broken assets. */
export function isStaticPath(segs: readonly string[]): boolean {
  const last = segs.length > 0 ? segs[segs.length - 1]! : '';
  return staticExt.has(extensionOf(last));
}
