/**
 * The rows of a whole row-major buffer, handed one at a time top to bottom: each call gives the
 * next `rowLength` bytes as a view (no copy). For maps held whole, read where a row reader is expected.
 */
export function rowsOf(buffer: Uint8Array, rowLength: number): () => Uint8Array {
  let y = 0;
  return () => buffer.subarray(y * rowLength, ++y * rowLength);
}
