/**
 * The median; the mean of the two middle values for an even count, taken as a/2 + b/2 so that
 * two values near ±Number.MAX_VALUE cannot overflow to Infinity. NaN for no values.
 */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[mid] as number) : (s[mid - 1] as number) / 2 + (s[mid] as number) / 2;
}
