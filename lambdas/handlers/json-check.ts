import { child } from '../contracts/check.ts';

/**
 * Why a value a user function returned cannot become the JSON Ground Truth reads, with the path
 * to the culprit: JSON.stringify's own errors ("Do not know how to serialize a BigInt") say
 * neither where nor what to do. Only called after JSON.stringify has failed, so the happy path
 * pays nothing.
 */
export function whyNotJson(value: unknown, path: string): string {
  return jsonProblem(value, path) ?? `${path} cannot be written as JSON`;
}

/**
 * The first thing in a value that JSON cannot hold as it is, with its path, or undefined: a
 * BigInt or a circular reference (JSON.stringify throws), nesting too deep for it, or NaN or
 * ±Infinity, which JSON.stringify writes as `null` without a word.
 */
export function jsonProblem(value: unknown, path: string): string | undefined {
  // An explicit stack, not recursion: a value nested thousands deep is one of the things to name.
  const open = new Set<object>();
  type Frame = { value: object; at: string; entries: Array<[string | number, unknown]>; next: number };
  const stack: Frame[] = [];
  const enter = (v: unknown, at: string): string | undefined => {
    if (typeof v === 'bigint') return `${at} is a BigInt; use a number or a string`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `${at} is ${v}, which JSON cannot hold (it would be written as null); use a number, or null on purpose`;
    if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
    if (open.has(v)) return `${at} refers back to an object that contains it (a circular reference)`;
    if (stack.length >= maxJsonDepth) return `${path} is nested more than ${maxJsonDepth} levels deep; flatten it`;
    open.add(v);
    stack.push({ value: v, at, entries: Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v), next: 0 });
    return undefined;
  };
  const first = enter(value, path);
  if (first) return first;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const entry = top.entries[top.next++];
    if (!entry) {
      open.delete(top.value);
      stack.pop();
      continue;
    }
    const found = enter(entry[1], child(top.at, entry[0]));
    if (found) return found;
  }
  return undefined;
}

/**
 * JSON text of a value that JSON.stringify wrote without an error, checked for NaN and ±Infinity
 * turned into `null`. Only text that holds a `null` is walked, so most responses pay one scan.
 */
export function mayHoldNonFinite(text: string): boolean {
  return text.includes('null');
}

/** Deeper than this, JSON.stringify may run out of stack on Node (it does from about 5,000). */
const maxJsonDepth = 1000;
