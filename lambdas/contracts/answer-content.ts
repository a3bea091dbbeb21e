/**
 * Decoding a worker's answer. Ground Truth stores the submitted object as a JSON *string*
 * (`annotationData.content`); some producers encode it twice, and templates that stash JSON
 * in a hidden input leave JSON strings inside the object.
 */

import { setOwn } from './own-property.ts';

export type DecodeResult = { ok: true; value: unknown } | { ok: false; problem: string };

/** Deepest string-in-string nesting we follow before giving up. */
const maxTopLevelDepth = 4;

export interface DecodeOptions {
  /**
   * Also decode string values inside the answer that hold a JSON object or array (they start
   * with `{` or `[` and parse as one). Default true; set false to keep every string as typed.
   */
  nestedJson?: boolean;
}

/** Parses answer content text; follows double encoding; reports `not valid JSON` with the parser's reason. */
export function decodeAnswerContent(text: string, options: DecodeOptions = {}): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  for (let depth = 0; typeof value === 'string' && depth < maxTopLevelDepth; depth++) {
    try {
      value = JSON.parse(value);
    } catch {
      break;
    }
  }
  if (options.nestedJson !== false) value = decodeNestedJson(value);
  return { ok: true, value };
}

/** The value with every string inside it that holds a JSON object or array decoded ({@link heldJson}): what `nestedJson` does. */
export function decodeNestedJson(value: unknown): unknown {
  return decodeNestedJsonStrings(value, 0);
}

const maxNestedDepth = 32;

/**
 * The object or array a string holds as JSON, or undefined: what `nestedJson` decodes a string
 * inside the answer to. It must start with `{` or `[` and parse as one; plain text that happens to
 * start with a bracket stays text. Template lint asks the same of a field's preset values.
 *
 * @example
 * heldJson('{"label":"refund"}') // { label: 'refund' }
 * heldJson('[draft]') // undefined
 */
export function heldJson(value: string): object | undefined {
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function decodeNestedJsonStrings(value: unknown, depth: number): unknown {
  if (depth > maxNestedDepth) return value;
  if (typeof value === 'string') {
    const held = heldJson(value);
    return held === undefined ? value : decodeNestedJsonStrings(held, depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => decodeNestedJsonStrings(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, decodeNestedJsonStrings(v, depth + 1));
    return out;
  }
  return value;
}
