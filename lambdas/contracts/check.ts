import type { ContractIssue } from './errors.ts';

/** Collects issues while a parser walks a value, so that every problem is reported at once. */
export class IssueCollector {
  readonly issues: ContractIssue[] = [];
  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }
  get ok(): boolean {
    return this.issues.length === 0;
  }
}

export type JsonObject = Record<string, unknown>;

/** A value as messages show it: strings quoted (cut at 40 characters), numbers as they are, else the JSON type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return describeType(value);
}

/** `typeof` with the JSON names users know: null, array, object, string, number, boolean. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/**
 * An event's `version` as text, whatever its type: it is opaque and never validated (§1.2), so
 * a number or an object a test harness sends is taken as its JSON text, and missing is ''.
 */
export function versionText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function requireObject(value: unknown, path: string, issues: IssueCollector): JsonObject | undefined {
  if (isObject(value)) return value;
  issues.add(path || '(root)', `expected an object, got ${describeType(value)}`);
  return undefined;
}

export function requireString(
  obj: JsonObject,
  key: string,
  path: string,
  issues: IssueCollector,
  options: { nonEmpty?: boolean } = {},
): string | undefined {
  const value = obj[key];
  const at = child(path, key);
  if (value === undefined) {
    issues.add(at, 'is missing');
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.add(at, `expected a string, got ${describeType(value)}`);
    return undefined;
  }
  if (options.nonEmpty && value.length === 0) {
    issues.add(at, 'must not be empty');
    return undefined;
  }
  return value;
}

export function optionalString(obj: JsonObject, key: string, path: string, issues: IssueCollector): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.add(child(path, key), `expected a string, got ${describeType(value)}`);
    return undefined;
  }
  return value;
}

export function requireArray(value: unknown, path: string, issues: IssueCollector): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  issues.add(path, value === undefined ? 'is missing' : `expected an array, got ${describeType(value)}`);
  return undefined;
}

/** Every key of every member of a union (`keyof` alone gives only the keys they share). */
export type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/**
 * The longest reason {@link thrownReason} gives: it goes into a log line (under CloudWatch Logs'
 * 256 KB event limit) and into every failed object's response entry (under Lambda's 6 MB limit).
 */
export const reasonChars = 2_000;

/**
 * Why a user function failed, from what it threw (or, with `how` "returned", gave as its outcome):
 * an Error's message; a string as it is; else what was thrown, and that an Error saying why would
 * be clearer (never "undefined" alone). Cut at {@link reasonChars}. Reading what was thrown may
 * itself throw (a `message` getter, a Proxy): then a sentence that says so, since reporting a
 * failure must never fail the batch.
 */
export function thrownReason(error: unknown, who: string, how: 'threw' | 'returned' = 'threw'): string {
  try {
    return cutText(reasonOf(error, who, how), reasonChars);
  } catch {
    return `${who} ${how} a value whose message cannot be read (reading it threw an error of its own); ${how === 'threw' ? 'throw' : 'return'} an Error whose message says why`;
  }
}

function reasonOf(error: unknown, who: string, how: string): string {
  if (error instanceof Error) {
    const message: unknown = error.message;
    if (typeof message === 'string' && message !== '') return message;
    return `${who} ${how} ${String(error.name)} with no message; give it one that says why`;
  }
  if (typeof error === 'string' && error !== '') return error;
  return `${who} ${how} ${describeValue(error)}, not an Error; throw an Error whose message says why`;
}

/** `text` itself when it has at most `chars` characters, else its first `chars` and how many more there were. */
export function cutText(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}… (${text.length - chars} more characters)`;
}

/**
 * The first segment of an S3 key (or key prefix, without its trailing "/") that the tools cannot
 * join into keys and local paths as written: empty (a doubled "/"), "." or "..". Undefined when
 * there is none.
 */
export function badKeySegment(key: string): string | undefined {
  return key.split('/').find((segment) => segment === '' || segment === '.' || segment === '..');
}
