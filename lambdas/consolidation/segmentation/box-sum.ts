/**
 * Window sums for the vote's smoothing, over a (2r + 1)² window clipped at the image's edges,
 * separable: a running sum along each row ({@link rowWindowSums}), then running sums down the
 * columns of those (kept by the vote as it reads rows). Two passes whatever the radius, so
 * smoothing costs the same at r = 1 as at r = 5.
 */

/**
 * One row's sums over a window of 2r + 1 pixels clipped at its ends: `values` from `at`, `width`
 * of them, summed in Float64 and stored rounded to Float32 into `out` from `outAt`.
 */
export function rowWindowSums(values: Float32Array, at: number, out: Float32Array, outAt: number, width: number, radius: number): void {
  let acc = 0;
  for (let x = 0; x <= Math.min(radius, width - 1); x++) acc += values[at + x] as number;
  for (let x = 0; x < width; x++) {
    out[outAt + x] = acc;
    const enter = x + radius + 1;
    const leave = x - radius;
    if (enter < width) acc += values[at + enter] as number;
    if (leave >= 0) acc -= values[at + leave] as number;
  }
}

/** How many pixels of a window centred at each position along an axis of `length` lie inside it. */
export function windowCounts(length: number, radius: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => Math.min(length - 1, i + radius) - Math.max(0, i - radius) + 1);
}
