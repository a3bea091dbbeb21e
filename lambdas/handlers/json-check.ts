import { child } from '../contracts/check.ts';

/**
 * Why a value a user function returned cannot become the JSON Ground Truth reads, with the path
 * to the culprit: JSON.stringify's own errors ("Do not know how to serialize a BigInt") say
 * neither where nor what to do. Only called after JSON.stringify has failed, so the happy path
 * pays nothing.
 */
export function whyNotJson(value: unknown, path: string): string {
  const open = new Set<object>();
  const visit = (v: unknown, at: string): string | undefined => {
    if (typeof v === 'bigint') return `${at} is a BigInt; use a number or a string`;
    if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
    if (open.has(v)) return `${at} refers back to an object that contains it (a circular reference)`;
    open.add(v);
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, x] of entries) {
      const found = visit(x, child(at, key));
      if (found) return found;
    }
    open.delete(v);
    return undefined;
  };
  return visit(value, path) ?? `${path} cannot be written as JSON`;
}
