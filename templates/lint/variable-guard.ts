import { filtersOf, rootsOf } from './liquid-names.ts';
import type { LiquidToken } from './liquid-scan.ts';

/** Tags that test a value, or loop over it (an empty or missing list renders nothing). */
const testingTags = new Set(['if', 'elsif', 'unless', 'case', 'when', 'for', 'tablerow']);
const assignedName = /^([A-Za-z_][\w-]*)\s*=/;
/** `{% capture name %}`, the name quoted or not. */
const capturedName = /^(["']?)([A-Za-z_][\w-]*)\1/;

/** The variable an assign or capture tag sets, else undefined. */
function variableSet(t: LiquidToken): string | undefined {
  if (t.kind !== 'tag') return undefined;
  if (t.name === 'assign') return assignedName.exec(t.markup)?.[1];
  if (t.name === 'capture') return capturedName.exec(t.markup)?.[2];
  return undefined;
}

/**
 * Where the `assign`s and `capture`s begin whose variable is tested before it is used: the first
 * later tag or output naming it is an if/elsif/unless/case/for, or passes it through `| default`.
 * `{% assign note = task.input.note %}{% if note %}…` then handles a missing note on purpose, as
 * a test of `task.input.note` itself would, and so does a capture of it tested the same way. One
 * pass over the tokens, each read once: asking per assign scanned every later token, and 3,000
 * assigns ran past the render's time limit.
 */
export function variablesTestedBeforeUse(tokens: readonly LiquidToken[]): ReadonlySet<number> {
  // Per variable, the assigns and captures still waiting for the first token that names it.
  const waiting = new Map<string, number[]>();
  const tested = new Set<number>();
  for (const t of tokens) {
    let testing: boolean | undefined;
    for (const root of rootsOf(t.markup)) {
      const assigns = waiting.get(root);
      if (!assigns) continue;
      testing ??= (t.kind === 'tag' && testingTags.has(t.name)) || filtersOf(t.markup).includes('default');
      if (testing) for (const begin of assigns) tested.add(begin);
      waiting.delete(root);
    }
    const variable = variableSet(t);
    if (variable === undefined) continue;
    const assigns = waiting.get(variable);
    if (assigns) assigns.push(t.begin);
    else waiting.set(variable, [t.begin]);
  }
  return tested;
}
