// Deterministic pseudo-random numbers for generated test inputs (xorshift32): the same seed gives
// the same sequence on every machine, so a failing random case can be reproduced.

/** A generator of numbers in [0, 1) from `seed`. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
