import { mayKeepHtml } from '../../engine/html-filters.ts';
import { assignParts, capturedName, filtersOf, rootsOf } from '../liquid-names.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/**
 * How task input reaches a variable: as its text (`raw`: an assign or loop variable of it),
 * escaped once (`escaped`: a capture that read it, an assign ending in `| escape`), or made safe
 * to write raw (`safe`: to_json's JSON, a presigned URL). Escaped text is safe to write as it is,
 * but a filter that reads it as text (`truncate`, `replace`, …) decodes it first
 * (html-filters.ts), and what comes out is raw again; any filter after to_json or a presign makes
 * the value raw again too, since it may put back what they left out.
 */
type Taint = 'raw' | 'escaped' | 'safe';

const escapes = new Set(['escape', 'escape_once']);
/**
 * Filters whose result holds no markup: gtkit's to_json writes `< > & '` as `\u` escapes
 * (escaping.ts), and a presigned URL is percent-encoded (resolver.ts, as SigV4 does). So
 * `| to_json | skip_autoescape` and `| grant_read_access | skip_autoescape` are what
 * unverified-escaping recommends in a script, and not reported here. Two things gtkit cannot
 * check: whether Ground Truth's to_json escapes `<` too (unverified-escaping's hint names the
 * attribute form for data that may hold `</script>`), and a value that is not an S3 URI, which
 * grant_read_access hands back unchanged.
 */
const makeSafe = new Set(['to_json', 'grant_read_access', 's3_presign']);

/** What a chain makes of a value tainted `taint`: raw, escaped, safe, or undefined when it is no longer task input. */
function afterChain(taint: Taint | undefined, filters: readonly string[]): Taint | undefined {
  let state = taint;
  for (const f of filters) {
    if (state === undefined) return undefined;
    if (escapes.has(f)) state = 'escaped';
    else if (makeSafe.has(f)) state = 'safe';
    else if (f === 'skip_autoescape') continue;
    else if (state === 'safe' || !mayKeepHtml(f)) state = 'raw'; // read as text: decoded
  }
  return state;
}

/**
 * `skip_autoescape` on data from the task input lets that data put HTML and scripts into the
 * worker's page (XSS). Follows the data through `assign`, `capture` and `for` variables; a value
 * escaped on the way (`| escape`, a capture) is safe when only filters that keep HTML follow,
 * since any other filter reads it as its text again; so is one that to_json, grant_read_access
 * or s3_presign ends (makeSafe above). A warning: the job runs, but it trusts its input.
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
