import { assignParts, capturedName, filtersOf, rootsOf } from './liquid-names.ts';
import type { LiquidToken } from './liquid-scan.ts';

/** Tags that test a value, or loop over it (an empty or missing list renders nothing). */
const testingTags = new Set(['if', 'elsif', 'unless', 'case', 'when', 'for', 'tablerow']);

/**
 * What a test of a capture must hold to fail when the read inside came back empty: a capture is
 * always a string and `""` is true in Liquid, so a bare `{% if note %}` lets everything through;
 * a comparison with `blank`, `empty` or `""`, or its `size`, does not.
 */
const emptinessTest = /\b(?:blank|empty|size)\b|""|''/;

/** The variable an assign or capture tag sets, and whether it is a capture; else undefined. */
function variableSet(t: LiquidToken): { name: string; captured: boolean } | undefined {
  if (t.kind !== 'tag') return undefined;
  const name = t.name === 'assign' ? assignParts(t.markup)?.name : t.name === 'capture' ? capturedName(t.markup) : undefined;
  return name === undefined ? undefined : { name, captured: t.name === 'capture' };
}

/** Whether tag `t`, which names the variable, tests it before use (a `| default` is checked by the caller, once per token). */
function tests(t: LiquidToken, captured: boolean): boolean {
  if (t.kind !== 'tag' || !testingTags.has(t.name)) return false;
  // A loop over an empty capture runs no time (for-tag.ts), a case sorts it into a branch; a truth
  // test needs an emptiness test.
  return !captured || ['for', 'tablerow', 'case'].includes(t.name) || emptinessTest.test(t.markup);
}

/**
 * Where the `assign`s and `capture`s begin whose variable is tested before it is used: the first
 * later tag or output naming it is an if/elsif/unless/case/for, or passes it through `| default`.
 * `{% assign note = task.input.note %}{% if note %}…` then handles a missing note on purpose, as
 * a test of `task.input.note` itself would. A capture is a string, never nil, so its test must
 * be one an empty capture fails (`{% if note != blank %}`, `| default`, a `for`, a `case`). One
 * pass over the tokens, each read once: asking per assign scanned every later token, and 3,000
 * assigns ran past the render's time limit.
 */
export function variablesTestedBeforeUse(tokens: readonly LiquidToken[]): ReadonlySet<number> {
  // Per variable, the assigns and captures still waiting for the first token that names it.
  const waiting = new Map<string, Array<{ begin: number; captured: boolean }>>();
  const tested = new Set<number>();
  for (const t of tokens) {
    // Passed through `| default`, the variable is handled whatever it holds (an empty string takes the default too).
    let defaulted: boolean | undefined;
    for (const root of rootsOf(t.markup)) {
      const setters = waiting.get(root);
      if (!setters) continue;
      defaulted ??= filtersOf(t.markup).includes('default');
      for (const { begin, captured } of setters) if (defaulted || tests(t, captured)) tested.add(begin);
      waiting.delete(root);
    }
    const variable = variableSet(t);
    if (variable === undefined) continue;
    const setter = { begin: t.begin, captured: variable.captured };
    const setters = waiting.get(variable.name);
    if (setters) setters.push(setter);
    else waiting.set(variable.name, [setter]);
  }
  return tested;
}
