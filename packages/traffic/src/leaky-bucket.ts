/**
 * A leaky bucket in the manner of CrowdSec scenarios: each event pours one unit in, the bucket drains one
 * unit every `leakMs`, and it overflows when it holds more than `capacity`. Time is the record's, never the
 * clock's, so replaying an old log gives the same verdicts as watching it live.
 */
export interface BucketSpec {
  capacity: number;
  leakMs: number;
}

export class LeakyBucket {
  level = 0;
  last = Number.NEGATIVE_INFINITY;

  /** Pour one event at `time`; true when the bucket overflows. Out-of-order times do not refill it. */
  pour(time: number, spec: BucketSpec): boolean {
    // The first pour drains an empty bucket for an infinite time: it stays empty.
    if (time > this.last) {
      this.level = Math.max(0, this.level - (time - this.last) / spec.leakMs);
      this.last = time;
    }
    this.level += 1;
    return this.level > spec.capacity;
  }
}
