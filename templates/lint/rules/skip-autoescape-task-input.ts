import { mayKeepHtml } from '../../engine/html-filters.ts';
import { escapingFilters, jsonAttributeForm, lastUnverified, urlAttributeForm } from '../escaping-forms.ts';
import { assignParts, capturedName, filtersOf, rootsOf } from '../liquid-names.ts';
import type { LintFinding, SourceRule } from '../types.ts';

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
type Taint = 'raw' | 'escaped';

/** What a chain makes of a value tainted `taint`: raw, escaped, or undefined when it is no longer task input. */
function afterChain(taint: Taint | undefined, filters: readonly string[]): Taint | undefined {
  let state = taint;
  for (const f of filters) {
    if (state === undefined) return undefined;
    if (escapingFilters.has(f)) state = 'escaped';
    else if (!mayKeepHtml(f)) state = 'raw'; // read as text: decoded
  }
  return state;
}

const plainMessage = 'task input is written without escaping: its data can put HTML and scripts into the worker page';
const plainHint = 'drop | skip_autoescape, or make the PRE return only HTML it has sanitised';

/** Why `| to_json | skip_autoescape` or `| grant_read_access | skip_autoescape` on task input is still reported, and the form that is safe under every reading. */
function unverifiedMessage(filter: string): { message: string; hint: string } {
  if (filter === 'to_json') {
    return {
      message: `task input is written without escaping after to_json: gtkit's to_json writes < as \\u003c, but whether Ground Truth's does is not documented, so in a real job its data (say "</script><script>…") can put HTML and scripts into the worker page`,
      hint: `pass the JSON in a double-quoted attribute, escaped once under every reading, and read it from there: ${jsonAttributeForm}`,
    };
  }
  return {
    message: `task input is written without escaping after ${filter}, which hands a value that is not an S3 URI back unchanged: such data can put HTML and scripts into the worker page`,
    hint: `write the URL into a double-quoted attribute, escaped once under every reading: ${urlAttributeForm(filter)} for a script to read`,
  };
}

/**
 * `skip_autoescape` on data from the task input lets that data put HTML and scripts into the
 * worker's page (XSS). Follows the data through `assign`, `capture` and `for` variables; a value
 * escaped on the way (`| escape`, a capture) is safe when only filters that keep HTML follow,
 * since any other filter reads it as its text again (to_json and the presigns too: Taint above).
 * A warning: the job runs, but it trusts its input.
 */
export const skipAutoescapeTaskInput: SourceRule = {
  id: 'skip-autoescape-task-input',
  description: 'skip_autoescape on task input (XSS)',
  check(ctx) {
    // Per variable holding task input: its taint and, for the message, the last to_json or presign on its way.
    const held = new Map<string, { taint: Taint; via?: string }>([['task', { taint: 'raw' }]]);
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
    const captures: Array<{ name: string; readsInput: boolean }> = [];
    const findings: LintFinding[] = [];
    for (const t of ctx.liquidTokens) {
      const read = taintOf(t.markup);
      if (read) for (const c of captures) c.readsInput = true;
      if (t.kind === 'output') {
        const filters = filtersOf(t.markup);
        if (filters.includes('skip_autoescape') && afterChain(read, filters) === 'raw') {
          const through = viaOf(t.markup, filters);
          const { message, hint } = through ? unverifiedMessage(through) : { message: plainMessage, hint: plainHint };
          findings.push(ctx.at(t.begin, 'skip-autoescape-task-input', 'warning', message, hint));
        }
        continue;
      }
      if (t.kind !== 'tag') continue;
      const assign = t.name === 'assign' ? assignParts(t.markup) : undefined;
      if (assign) {
        const filters = filtersOf(assign.expression);
        set(assign.name, afterChain(taintOf(assign.expression), filters), viaOf(assign.expression, filters));
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
