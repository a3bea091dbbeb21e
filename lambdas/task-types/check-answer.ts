/** Small typed readers for answer shapes; each throws with the JSON path of what is wrong. */

import { describeType, describeValue } from '../contracts/check.ts';

export function obj(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path}: expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path}: expected an array, got ${describe(value)}`);
  return value;
}

export function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Error(`${path}: expected a string, got ${describe(value)}`);
  return value;
}

/** A finite number; numeric strings are accepted because some templates submit them. */
export function num(value: unknown, path: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`${path}: expected a finite number, got ${describe(value)}`);
  return n;
}

export function imageSize(value: unknown, path: string): { width: number; height: number } {
  const o = obj(value, path);
  return { width: num(o.width, `${path}.width`), height: num(o.height, `${path}.height`) };
}

/** The value's JSON type, and a string's text too: answer fields often hold a number as text. */
function describe(value: unknown): string {
  return typeof value === 'string' ? `string ${describeValue(value)}` : describeType(value);
}
