import { mayKeepHtml } from '../../engine/html-filters.ts';
import { assignParts, capturedName, filtersOf, rootsOf } from '../liquid-names.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/**
 * How task input reaches a variable: as its text (`raw`: an assign or loop variable of it), or
 * escaped once (`escaped`: a capture that read it, an assign ending in `| escape`). Escaped text
 * is safe to write as it is, but a filter that reads it as text (`truncate`, `replace`, …)
 * decodes it first (html-filters.ts), and what comes out is raw again.
 */
type Taint = 'raw' | 'escaped';

const escapes = new Set(['escape', 'escape_once']);

/** What a chain makes of a value tainted `taint`: raw, escaped, or undefined when it is no longer task input. */
function afterChain(taint: Taint | undefined, filters: readonly string[]): Taint | undefined {
  let state = taint;
  for (const f of filters) {
    if (state === undefined) return undefined;
    if (escapes.has(f)) state = 'escaped';
    else if (!mayKeepHtml(f)) state = 'raw'; // read as text: decoded
  }
  return state;
}

/**
 * `skip_autoescape` on data from the task input lets that data put HTML and scripts into the
 * worker's page (XSS). Follows the data through `assign`, `capture` and `for` variables; a value
 * escaped on the way (`| escape`, a capture) is safe when only filters that keep HTML follow,
 * since any other filter reads it as its text again. A warning: the job runs, but it trusts its input.
 */
export const skipAutoescapeTaskInput: SourceRule = {
  id: 'skip-autoescape-task-input',
  description: 'skip_autoescape on task input (XSS)',
  check(ctx) {
    const taints = new Map<string, Taint>([['task', 'raw']]);
    // The worst taint among the variables an expression reads.
    const taintOf = (markup: string): Taint | undefined => {
      let worst: Taint | undefined;
      for (const root of rootsOf(markup)) {
        const t = taints.get(root);
        if (t === 'raw') return 'raw';
        worst ??= t;
      }
      return worst;
    };
    const set = (name: string, taint: Taint | undefined) => (taint ? taints.set(name, taint) : taints.delete(name));
    const captures: Array<{ name: string; readsInput: boolean }> = [];
    const findings: LintFinding[] = [];
    for (const t of ctx.liquidTokens) {
      const read = taintOf(t.markup);
      if (read) for (const c of captures) c.readsInput = true;
      if (t.kind === 'output' || (t.kind === 'tag' && t.name === 'echo')) {
        const filters = filtersOf(t.markup);
        if (filters.includes('skip_autoescape') && afterChain(read, filters) === 'raw')
          findings.push(
            ctx.at(t.begin, 'skip-autoescape-task-input', 'warning', 'task input is written without escaping: its data can put HTML and scripts into the worker page', 'drop | skip_autoescape, or make the PRE return only HTML it has sanitised'),
          );
        continue;
      }
      if (t.kind !== 'tag') continue;
      const assign = t.name === 'assign' ? assignParts(t.markup) : undefined;
      if (assign) {
        set(assign.name, afterChain(taintOf(assign.expression), filtersOf(assign.expression)));
        continue;
      }
      const loop = t.name === 'for' || t.name === 'tablerow' ? /^([A-Za-z_][\w-]*)\s+in\s+([\s\S]*)$/.exec(t.markup) : null;
      if (loop) {
        const [, name = '', expression = ''] = loop;
        set(name, taintOf(expression));
        continue;
      }
      if (t.name === 'capture') captures.push({ name: capturedName(t.markup) ?? '', readsInput: false });
      else if (t.name === 'endcapture') {
        const done = captures.pop();
        // What a capture holds was escaped as it was written (unless skip_autoescape, reported there).
        if (done) set(done.name, done.readsInput ? 'escaped' : undefined);
      }
    }
    return findings;
  },
};
