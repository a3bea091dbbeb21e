import { mayKeepHtml } from '../engine/html-filters.ts';
import { escapingFilters, lastUnverified } from './escaping-forms.ts';
import { assignParts, capturedName, filtersOf, rootsOf } from './liquid-names.ts';
import type { LiquidToken } from './liquid-scan.ts';

/**
 * How task input reaches a variable: as its text (`raw`: an assign or loop variable of it), or
 * escaped once (`escaped`: a capture that read it, an assign ending in `| escape`). Escaped text
 * is safe to write as it is, but a filter that reads it as text (`truncate`, `replace`, …)
 * decodes it first (html-filters.ts), and what comes out is raw again.
 *
 * to_json, grant_read_access and s3_presign read it as text too, so what they return is raw: gtkit's
 * to_json writes `<` as `\u003c`, but whether Ground Truth's does is not documented (reference
 * §3.3), and a value that is not an S3 URI comes back from a presign unchanged.
 */
export type Taint = 'raw' | 'escaped';

/** What a chain makes of a value tainted `taint`: raw, escaped, or undefined when it is no longer task input. */
export function afterChain(taint: Taint | undefined, filters: readonly string[]): Taint | undefined {
  let state = taint;
  for (const f of filters) {
    if (state === undefined) return undefined;
    if (escapingFilters.has(f)) state = 'escaped';
    else if (!mayKeepHtml(f)) state = 'raw'; // read as text: decoded
  }
  return state;
}

/**
 * Follows task input (`task`, which is the worker's data) through a template's `assign`,
 * `capture` and `for` variables, token by token in source order, for the rules that judge where
 * it is written (skip-autoescape-task-input, unverified-escaping).
 */
export interface TaskInputTracker {
  /**
   * Takes the next token: returns the taint of what it reads (before it changes any variable), and
   * records what an assign, loop or capture now holds.
   */
  step(t: LiquidToken): Taint | undefined;
  /** The last to_json or presign on the way from task input to what `markup` writes, for messages. */
  viaOf(markup: string, filters: readonly string[]): string | undefined;
}

export function taskInputTracker(): TaskInputTracker {
  // Per variable holding task input: its taint and the last to_json or presign on its way.
  const held = new Map<string, { taint: Taint; via?: string }>([['task', { taint: 'raw' }]]);
  const captures: Array<{ name: string; readsInput: boolean }> = [];
  // The worst taint among the variables an expression reads.
  const taintOf = (markup: string): Taint | undefined => {
    let worst: Taint | undefined;
    for (const root of rootsOf(markup)) {
      const t = held.get(root)?.taint;
      if (t === 'raw') return 'raw';
      worst ??= t;
    }
    return worst;
  };
  const viaOf = (markup: string, filters: readonly string[]): string | undefined => lastUnverified(filters) ?? rootsOf(markup).map((r) => held.get(r)?.via).find(Boolean);
  const set = (name: string, taint: Taint | undefined, via?: string) => {
    if (!taint) held.delete(name);
    else held.set(name, via ? { taint, via } : { taint });
  };
  const step = (t: LiquidToken): Taint | undefined => {
    const read = taintOf(t.markup);
    if (read) for (const c of captures) c.readsInput = true;
    if (t.kind !== 'tag') return read;
    const assign = t.name === 'assign' ? assignParts(t.markup) : undefined;
    if (assign) {
      const filters = filtersOf(assign.expression);
      set(assign.name, afterChain(taintOf(assign.expression), filters), viaOf(assign.expression, filters));
      return read;
    }
    const loop = t.name === 'for' || t.name === 'tablerow' ? /^([A-Za-z_][\w-]*)\s+in\s+([\s\S]*)$/.exec(t.markup) : null;
    if (loop) {
      const [, name = '', expression = ''] = loop;
      set(name, taintOf(expression));
      return read;
    }
    if (t.name === 'capture') captures.push({ name: capturedName(t.markup) ?? '', readsInput: false });
    else if (t.name === 'endcapture') {
      const done = captures.pop();
      // What a capture holds was escaped as it was written (unless skip_autoescape, reported there).
      if (done) set(done.name, done.readsInput ? 'escaped' : undefined);
    }
    return read;
  };
  return { step, viaOf };
}
