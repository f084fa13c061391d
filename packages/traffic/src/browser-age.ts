import { BROWSER_FAMILY, BROWSER_RELEASES } from './data/browser-releases.js';

/** A version counts as outdated once its successor has been out this long (browsers update themselves). */
export const OUTDATED_AFTER_MS = 3 * 365.25 * 24 * 3600 * 1000;

interface Anchor {
  major: number;
  time: number;
}
const anchors = new Map<string, Anchor[]>(
  Object.entries(BROWSER_RELEASES).map(([family, list]) => [
    family,
    // A date-only ISO string is read as midnight UTC.
    list.map((a) => ({ major: a.major, time: Date.parse(a.date) })),
  ]),
);

/**
 * Estimated release time of `major` of a family: interpolated between anchors, extrapolated past the last one;
 * versions before the first anchor (there are none in use) count as released with it.
 */
export function releaseTime(family: string, major: number): number | undefined {
  const list = anchors.get(family);
  // Majors come from parseInt checked finite; every family in the table has at least two anchors.
  if (list === undefined || list.length < 2) return undefined;
  if (major <= list[0]!.major) return list[0]!.time;
  let i = 1;
  while (i < list.length - 1 && list[i]!.major < major) i++;
  const a = list[i - 1]!;
  const b = list[i]!;
  return a.time + ((b.time - a.time) * (major - a.major)) / (b.major - a.major);
}

/**
 * When a browser version stopped being current (its successor's release), or undefined when the browser
 * or version is not in the tables.
 */
export function supersededAt(browserName: string | undefined, major: number): number | undefined {
  if (browserName === undefined) return undefined;
  const family = BROWSER_FAMILY[browserName];
  if (family === undefined) return undefined;
  return releaseTime(family, major + 1);
}
