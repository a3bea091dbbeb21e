/**
 * Sums over a (2r + 1)² window, clipped at the image's edges, of every class plane of a
 * pixel-major vote map (`values[p * classes + c]`). Separable running sums: two passes whatever
 * the radius, so smoothing costs the same at r = 1 as at r = 5.
 */
export function boxSum(values: Float32Array, out: Float32Array, width: number, height: number, classes: number, radius: number): void {
  const rowLength = width * classes;
  const acc = new Float64Array(classes);
  // Rows: each output pixel gets the sum of its row's window.
  for (let y = 0; y < height; y++) {
    const row = y * rowLength;
    acc.fill(0);
    for (let x = 0; x <= Math.min(radius, width - 1); x++) for (let c = 0; c < classes; c++) acc[c] = (acc[c] as number) + (values[row + x * classes + c] as number);
    for (let x = 0; x < width; x++) {
      const at = row + x * classes;
      for (let c = 0; c < classes; c++) out[at + c] = acc[c] as number;
      const enter = x + radius + 1;
      const leave = x - radius;
      if (enter < width) for (let c = 0; c < classes; c++) acc[c] = (acc[c] as number) + (values[row + enter * classes + c] as number);
      if (leave >= 0) for (let c = 0; c < classes; c++) acc[c] = (acc[c] as number) - (values[row + leave * classes + c] as number);
    }
  }
  // Columns, in place: the row sums a window still needs after its row was overwritten are kept
  // in a ring of radius + 1 rows.
  const column = new Float64Array(rowLength);
  for (let y = 0; y <= Math.min(radius, height - 1); y++) for (let i = 0; i < rowLength; i++) column[i] = (column[i] as number) + (out[y * rowLength + i] as number);
  const ringRows = radius + 1;
  const ring = new Float32Array(ringRows * rowLength);
  for (let y = 0; y < height; y++) {
    const row = y * rowLength;
    ring.set(out.subarray(row, row + rowLength), (y % ringRows) * rowLength);
    for (let i = 0; i < rowLength; i++) out[row + i] = column[i] as number;
    const enter = y + radius + 1;
    const leave = y - radius;
    if (enter < height) for (let i = 0, from = enter * rowLength; i < rowLength; i++) column[i] = (column[i] as number) + (out[from + i] as number);
    if (leave >= 0) for (let i = 0, from = (leave % ringRows) * rowLength; i < rowLength; i++) column[i] = (column[i] as number) - (ring[from + i] as number);
  }
}

/** How many pixels of a window centred at each position along an axis of `length` lie inside it. */
export function windowCounts(length: number, radius: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => Math.min(length - 1, i + radius) - Math.max(0, i - radius) + 1);
}
