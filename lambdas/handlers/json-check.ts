import { child, thrownReason } from '../contracts/check.ts';

/**
 * The JSON text of a value a user function returned, or why it cannot become the JSON Ground
 * Truth reads, with the path to the culprit: JSON.stringify's own errors ("Do not know how to
 * serialize a BigInt") say neither where nor what to do, and NaN or ±Infinity it writes as `null`
 * without a word. The value is walked only when stringify threw or its text holds a `null`.
 */
export function jsonText(value: unknown, path: string): { text: string } | { problem: string } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { problem: jsonProblem(value, path) ?? `${path} cannot be written as JSON (${(error as Error).message})` };
  }
  // Stringify managed the depth, so only NaN and ±Infinity are left to find.
  const nonFinite = text?.includes('null') ? jsonProblem(value, path, false) : undefined;
  return nonFinite ? { problem: nonFinite } : { text: text ?? 'null' };
}

/**
 * The first thing in a value that JSON cannot hold as it is, with its path, or undefined: a
 * BigInt or a circular reference (JSON.stringify throws), nesting too deep for it (with
 * `limitDepth`: for a value not yet written), or NaN or ±Infinity, which JSON.stringify writes as
 * `null` without a word.
 */
export function jsonProblem(value: unknown, path: string, limitDepth = true): string | undefined {
  // An explicit stack, not recursion: a value nested thousands deep is one of the things to name.
  const open = new Set<object>();
  type Frame = { value: object; at: string; entries: Array<[string | number, unknown]>; next: number };
  const stack: Frame[] = [];
  const enter = (raw: unknown, rawAt: string, key: string | number): string | undefined => {
    // JSON.stringify writes what toJSON() gives (once), so that is what is checked.
    const { value: v, at, problem } = viaToJson(raw, rawAt, key);
    if (problem) return problem;
    if (typeof v === 'bigint') return `${at} is a BigInt; use a number or a string`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `${at} is ${v}, which JSON cannot hold (it would be written as null); use a number, or null on purpose`;
    if (typeof v !== 'object' || v === null) return undefined;
    if (open.has(v)) return `${at} refers back to an object that contains it (a circular reference)`;
    if (limitDepth && stack.length >= maxJsonDepth) return `${path} is nested more than ${maxJsonDepth} levels deep; flatten it`;
    open.add(v);
    stack.push({ value: v, at, entries: Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v), next: 0 });
    return undefined;
  };
  const first = enter(value, path, '');
  if (first) return first;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const entry = top.entries[top.next++];
    if (!entry) {
      open.delete(top.value);
      stack.pop();
      continue;
    }
    const found = enter(entry[1], child(top.at, entry[0]), entry[0]);
    if (found) return found;
  }
  return undefined;
}

/** Deeper than this, JSON.stringify may run out of stack on Node (it does from about 5,000). */
const maxJsonDepth = 1000;

/** A value as JSON.stringify writes it: what its toJSON() gives, if it has one, with the path saying so. */
function viaToJson(value: unknown, at: string, key: string | number): { value: unknown; at: string; problem?: string } {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON !== 'function') return { value, at };
  try {
    return { value: (value as { toJSON: (key: string) => unknown }).toJSON(String(key)), at: `${at}.toJSON()` };
  } catch (error) {
    return { value: undefined, at, problem: `${at}.toJSON() threw: ${thrownReason(error, 'toJSON()')}` };
  }
}

/**
 * What a value is when JSON.stringify leaves it out altogether (a function, a Symbol, undefined,
 * or an object whose toJSON() gives one of those), or undefined when JSON keeps it. As an object's
 * value it would vanish with its key; a toJSON() that throws is left to jsonText to report.
 */
export function leftOutOfJson(value: unknown): string | undefined {
  const direct = leftOutKind(value);
  if (direct) return direct;
  const json = viaToJson(value, '', '');
  if (json.at === '' || json.problem) return undefined;
  const inner = leftOutKind(json.value);
  return inner ? `an object whose toJSON() gives ${inner}` : undefined;
}

function leftOutKind(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a Symbol';
  return value === undefined ? 'undefined' : undefined;
}
