import type { Stats } from 'node:fs';

/**
 * A file as the file system knows it, whatever its name: device and inode, with the birth time where the file
 * system keeps one (so a recycled inode number is a different file). Following logs by this instead of by path
 * survives logrotate: when `access.log` is renamed `access.log.1`, the renamed file keeps its offset (and the
 * lines the server still writes to it before it reopens are read), and the new `access.log` is read from its
 * start — instead of the old `.1`'s offset being applied to a different file.
 */
export function fileIdentity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${Math.trunc(stats.birthtimeMs)}`;
}
