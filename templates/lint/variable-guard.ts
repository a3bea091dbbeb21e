import { filtersOf, rootsOf } from './liquid-names.ts';
import type { LiquidToken } from './liquid-scan.ts';

/** Tags that test a value, or loop over it (an empty or missing list renders nothing). */
const testingTags = new Set(['if', 'elsif', 'unless', 'case', 'when', 'for', 'tablerow']);

/**
 * Whether the variable that the `assign` beginning at `assignBegin` sets is tested before it is
 * used: the first later tag or output naming it is an if/elsif/unless/case/for, or passes it
 * through `| default`. `{% assign note = task.input.note %}{% if note %}…` then handles a
 * missing note on purpose, as a test of `task.input.note` itself would.
 */
export function testedBeforeUse(tokens: readonly LiquidToken[], assignBegin: number, variable: string): boolean {
  const at = tokens.findIndex((t) => t.kind === 'tag' && t.name === 'assign' && t.begin === assignBegin);
  if (at === -1) return false;
  for (const t of tokens.slice(at + 1)) {
    if (!rootsOf(t.markup).includes(variable)) continue;
    return (t.kind === 'tag' && testingTags.has(t.name)) || filtersOf(t.markup).includes('default');
  }
  return false;
}
