import { labelText, parseLenientValue } from '../attributes.ts';

/** Anything that can show an attribute problem (every stand-in). */
interface Reporter extends Element {
  reportProblem(message: string): void;
}

/**
 * Reads an array or object attribute the way the real elements accept it: strict JSON or the
 * JavaScript-style literals of AWS's examples. A value that does not parse is reported in the
 * page (naming the attribute and the position) and read as missing.
 */
export function readStructured(el: Reporter, attribute: string): unknown {
  const raw = el.getAttribute(attribute);
  if (raw === null || raw.trim() === '') return undefined;
  const parsed = parseLenientValue(raw);
  if (parsed.ok) return parsed.value;
  el.reportProblem(`${attribute}: ${parsed.error}. Write a JSON array or object, e.g. ${attribute}='["a", "b"]'.`);
  return undefined;
}

export function readArray(el: Reporter, attribute: string): unknown[] {
  const value = readStructured(el, attribute);
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  el.reportProblem(`${attribute}: expected an array, got ${describe(value)}.`);
  return [];
}

export function readObject(el: Reporter, attribute: string): Record<string, unknown> | undefined {
  const value = readStructured(el, attribute);
  if (value === undefined) return undefined;
  if (isRecord(value)) return value;
  el.reportProblem(`${attribute}: expected an object, got ${describe(value)}.`);
  return undefined;
}

/**
 * Reads a list of labels or categories: strings, or objects with a `label` (entity labels).
 * More than `max` is reported (the docs' limit) but every label stays usable.
 */
export function readLabels(el: Reporter, attribute: string, max?: number): string[] {
  const labels: string[] = [];
  for (const [i, item] of readArray(el, attribute).entries()) {
    const label = labelText(item);
    if (label === undefined) el.reportProblem(`${attribute}[${i}]: expected a string, got ${describe(item)}.`);
    else if (labels.includes(label)) el.reportProblem(`${attribute}: "${label}" is listed twice; the second is ignored.`);
    else labels.push(label);
  }
  if (max !== undefined && labels.length > max) el.reportProblem(`${attribute}: ${labels.length} given, the element accepts up to ${max}.`);
  return labels;
}

/** A boolean attribute: present means on, whatever its value (as custom elements read them). */
export function readFlag(el: Element, attribute: string): boolean {
  return el.hasAttribute(attribute);
}

/** A numeric attribute, or the fallback when it is missing or not a number. */
export function readNumber(el: Element, attribute: string, fallback: number): number {
  const raw = el.getAttribute(attribute);
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number from an unknown value (initial values come from authors). */
export function toNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
