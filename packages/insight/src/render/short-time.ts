/** An ISO time as `2026-11-21 10:05:00` (UTC, to the second), or `-` when there is none. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '-';
}
