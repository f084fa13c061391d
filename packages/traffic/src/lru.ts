/** A bounded map that forgets the least recently used entry when full (Map keeps insertion order). */
export class Lru<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  /** `max`: a positive integer (callers pass constants, or ClientTracker's checked `maxClients`). */
  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      // Re-insert so the entry becomes the most recent.
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  /** Like `get` but does not refresh recency; cheap for hot caches where exact order matters little. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Adds a key that is not in the map (every caller sets after a miss), forgetting the oldest when full. */
  set(key: K, value: V): void {
    // Full means at least one entry, so there is an oldest key.
    if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, value);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }
}
