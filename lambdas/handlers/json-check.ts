import { child } from '../contracts/check.ts';

/**
 * Why a value a user function returned cannot become the JSON Ground Truth reads, with the path
 * to the culprit: JSON.stringify's own errors ("Do not know how to serialize a BigInt") say
 * neither where nor what to do. Only called after JSON.stringify has failed, so the happy path
 * pays nothing.
 */
export function whyNotJson(value: unknown, path: string): string {
  // An explicit stack, not recursion: a value nested thousands deep is one of the things to name.
  const open = new Set<object>();
  type Frame = { value: object; at: string; entries: Array<[string | number, unknown]>; next: number };
  const stack: Frame[] = [];
  const enter = (v: unknown, at: string): string | undefined => {
    if (typeof v === 'bigint') return `${at} is a BigInt; use a number or a string`;
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
  return `${path} cannot be written as JSON`;
}

/** Deeper than this, JSON.stringify may run out of stack on Node (it does from about 5,000). */
const maxJsonDepth = 1000;
