import { describeType } from '../contracts/check.ts';
import { medoidConsolidation } from './medoid.ts';
import { checked } from './checked.ts';

/** A text as compared: trimmed, runs of white space folded to one space, as code points. */
export function textCodePoints(text: string): Int32Array {
  const folded = text.trim().replace(/\s+/g, ' ');
  const out = new Int32Array(folded.length);
  let n = 0;
  for (const ch of folded) out[n++] = ch.codePointAt(0) as number;
  return out.subarray(0, n);
}

/** 1 − normalised Levenshtein distance over code points, after trimming and folding spaces. */
export function textSimilarity(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string') throw new TypeError(`textSimilarity: expected two strings, got ${describeType(a)} and ${describeType(b)}`);
  return codePointSimilarity(textCodePoints(a), textCodePoints(b));
}

/** textSimilarity on prepared code points. */
export function codePointSimilarity(x: Int32Array, y: Int32Array): number {
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 1 : 1 - levenshtein(x, y) / longest;
}

/**
 * Levenshtein distance by Myers' bit-parallel algorithm in Hyyrö's block form: the shorter text's
 * column of the edit-distance table is held as 32-bit words of +1/−1 vertical differences, and
 * each character of the longer text updates a word in a few bit operations. That is about
 * 32 times fewer steps than the cell-by-cell table, which matters for long free-text answers
 * (two 10,000-character answers: 10⁸ cells).
 */
export function levenshtein(x: Int32Array, y: Int32Array): number {
  const [text, pattern] = x.length >= y.length ? [x, y] : [y, x];
  const m = pattern.length;
  if (m === 0) return text.length;
  const words = (m + 31) >> 5;
  // For each code point of the pattern: the positions where it occurs, as bits.
  const occurs = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern[i]!;
    let bits = occurs.get(c);
    if (!bits) occurs.set(c, (bits = new Int32Array(words)));
    bits[i >> 5] = bits[i >> 5]! | (1 << (i & 31));
  }
  const none = new Int32Array(words);
  const plus = new Int32Array(words).fill(-1); // vertical difference +1 (all rows, first column)
  const minus = new Int32Array(words);
  const high = 1 << 31;
  const last = 1 << ((m - 1) & 31);
  let distance = m;
  for (let j = 0; j < text.length; j++) {
    const eqs = occurs.get(text[j]!) ?? none;
    let carry = 1; // the top row is 0, 1, 2, …: each step right adds 1
    for (let w = 0; w < words; w++) {
      const pv = plus[w]!;
      const mv = minus[w]!;
      let eq = eqs[w]!;
      const xv = eq | mv;
      if (carry < 0) eq |= 1;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const bit = w === words - 1 ? last : high;
      const out = ph & bit ? 1 : mh & bit ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      plus[w] = mh | ~(xv | ph);
      minus[w] = ph & xv;
      carry = out;
    }
    distance += carry;
  }
  return distance;
}

/**
 * Free text: the most central answer (the medoid under edit-distance similarity), so a typo of
 * one worker never reaches the label. Confidence: its mean similarity to the others. Answers that
 * are not strings are left out; an item with none gets `label: null` and a reason. Answers over
 * 20,000 characters are compared on their first 20,000 (the item says so in `reason`).
 */
export const textMedoid = /* @__PURE__ */ checked<string, string>({
  name: 'text-medoid',
  kind: 'text',
  description: 'The most central answer by edit distance',
  optionSpecs: {},
  consolidate(records) {
    const cut = new Set<string>();
    const result = medoidConsolidation(records, codePointSimilarity, (answer) => {
      if (typeof answer !== 'string') return undefined;
      const points = textCodePoints(answer);
      if (points.length <= maxComparedCodePoints) return points;
      cut.add(answer);
      return points.subarray(0, maxComparedCodePoints);
    });
    const long = new Set(records.filter((r) => cut.has(r.answer)).map((r) => r.item));
    for (const item of result.items)
      if (long.has(item.item) && item.label !== null) item.reason = `answers longer than ${maxComparedCodePoints} characters were compared on their first ${maxComparedCodePoints}; the label is the whole answer`;
    return result;
  },
});

/**
 * Edit distance grows with the product of two answers' lengths: three hostile 200,000-character
 * answers took 11 s on the 2-core project machine, enough to time a batch out. Longer answers are compared on this prefix
 * (five 20,000-character answers: under a second).
 */
const maxComparedCodePoints = 20_000;
