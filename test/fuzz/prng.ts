/** A seeded PRNG (xorshift32) so every fuzz run can be replayed: FUZZ_SEED=<n> npm test -- --only fuzz. */
export class Prng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  /** integer in [0, n) */
  int(n: number): number {
    return this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
}

export function seedFromEnv(fallback: number): number {
  const v = Number(process.env.FUZZ_SEED);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

export function countFromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}
