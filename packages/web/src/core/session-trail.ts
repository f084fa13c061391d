// The recent requests of each session (or, without a session cookie, each client ip + user agent), so an
// incident can show what led up to it and `logbook replay` can send the same requests again. Bounded on
// both axes: requests per key (a ring) and keys (least recently used are forgotten).

import type { RequestJson } from 'logbook/schema';

class Ring {
  readonly items: RequestJson[] = [];
  next = 0;
}

export class SessionTrails {
  private readonly rings = new Map<string, Ring>();
  /** The most recently used key and its ring: a client's requests usually come in runs. */
  private newestKey: string | undefined = undefined;
  private newestRing: Ring | undefined = undefined;

  constructor(
    private readonly perKey: number,
    private readonly maxKeys: number,
  ) {}

  add(key: string, request: RequestJson): void {
    if (this.perKey === 0) return;
    let ring: Ring | undefined;
    if (key === this.newestKey)
      ring = this.newestRing!; // already last in the Map's order
    else ring = this.rings.get(key);
    if (ring === undefined) {
      // The least recently used key is first in the Map's order (maxKeys is at least 1, so there is one).
      if (this.rings.size >= this.maxKeys) this.rings.delete(this.rings.keys().next().value!);
      ring = new Ring();
      this.rings.set(key, ring);
    } else if (key !== this.newestKey) {
      // Map keeps insertion order: re-inserting makes this key the most recently used.
      this.rings.delete(key);
      this.rings.set(key, ring);
    }
    this.newestKey = key;
    this.newestRing = ring;
    if (ring.items.length < this.perKey) ring.items.push(request);
    else {
      ring.items[ring.next] = request;
      ring.next = (ring.next + 1) % this.perKey;
    }
  }

  /** The key's recent requests, oldest first. */
  recent(key: string): RequestJson[] {
    const ring = this.rings.get(key);
    if (ring === undefined) return [];
    return [...ring.items.slice(ring.next), ...ring.items.slice(0, ring.next)];
  }

  get size(): number {
    return this.rings.size;
  }
}
