import type { Clock, IdGenerator } from "@rebound/core/kernel";

/** A seeded pseudo-random source (mulberry32): the same seed plays the same year. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), this.state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(low: number, high: number): number {
    return low + this.next() * (high - low);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A key drawn by weight (`{ a: 0.3, b: 0.7 }`). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let x = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      x -= weight;
      if (x < 0) return key;
    }
    return entries.at(-1)![0];
  }

  /** A count around a mean (Poisson by inversion: fine for the small means of a day's leads). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** ULIDs from the demo's clock and its seeded random source, so ids are the same on every run. */
export function seededUlids(clock: Clock, random: Random): IdGenerator {
  return {
    next() {
      let ms = clock.now().getTime();
      let time = "";
      for (let i = 0; i < 10; i++) {
        time = CROCKFORD[ms % 32] + time;
        ms = Math.floor(ms / 32);
      }
      let tail = "";
      for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(random.next() * 32)];
      return time + tail;
    },
  };
}
