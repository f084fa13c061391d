/** A bounded map that forgets the least recently used entry when full (Map keeps insertion order). */
export class Lru<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`Lru size must be a positive integer, got ${String(max)}`);
    }
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

  set(key: K, value: V): void {
    if (this.#map.has(key)) this.#map.delete(key);
    else if (this.#map.size >= this.#max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
    this.#map.set(key, value);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }
}
