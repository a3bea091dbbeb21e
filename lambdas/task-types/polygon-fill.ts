/**
 * Scanline fill of a polygon into a row-major class map: the simulated segmentation workers
 * paint their masks with it. A pixel is inside when its centre (x + 0.5, y + 0.5) is, by the
 * even-odd rule; an edge counts on a scanline over the half-open span [lower y, upper y), so a
 * vertex on the scanline is counted once and two polygons sharing an edge never both paint it.
 */

export interface Point {
  x: number;
  y: number;
}

/**
 * Sets `value` in `target` (`width` × `height`, row-major) at every pixel whose centre lies
 * inside `vertices` (even-odd rule). Fewer than three vertices, or vertices that are not finite
 * numbers, paint nothing; parts outside the image are clipped.
 *
 * @example
 * const classes = new Uint8Array(4 * 4);
 * fillPolygon(classes, 4, 4, [{ x: 1, y: 1 }, { x: 3, y: 1 }, { x: 3, y: 3 }, { x: 1, y: 3 }], 2); // pixels (1..2, 1..2) become 2
 */
export function fillPolygon(target: Uint8Array, width: number, height: number, vertices: readonly Point[], value: number): void {
  const n = vertices.length;
  if (n < 3 || !vertices.every((v) => Number.isFinite(v.x) && Number.isFinite(v.y))) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const v of vertices) {
    minY = Math.min(minY, v.y);
    maxY = Math.max(maxY, v.y);
  }
  const firstRow = Math.max(0, Math.ceil(minY - 0.5));
  const lastRow = Math.min(height - 1, Math.ceil(maxY - 0.5) - 1);
  const crossings: number[] = [];
  for (let y = firstRow; y <= lastRow; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = vertices[i] as Point;
      const b = vertices[j] as Point;
      if (a.y <= cy !== b.y <= cy) crossings.push(a.x + ((cy - a.y) * (b.x - a.x)) / (b.y - a.y));
    }
    crossings.sort((p, q) => p - q);
    const row = y * width;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Centres x + 0.5 in [from, to): x from ceil(from - 0.5) to ceil(to - 0.5) - 1.
      const start = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
      const end = Math.min(width, Math.ceil((crossings[k + 1] as number) - 0.5));
      if (end > start) target.fill(value, row + start, row + end);
    }
  }
}
