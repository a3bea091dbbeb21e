import { jsonAttributeForm, urlAttributeForm } from '../escaping-forms.ts';
import { filtersOf } from '../liquid-names.ts';
import { afterChain, taskInputTracker } from '../task-input-taint.ts';
import type { LintFinding, SourceRule } from '../types.ts';

const plainMessage = 'task input is written without escaping: its data (say a manifest line holding "<script>…" or "<img onerror=…>") can put HTML and scripts into the worker page';
const plainHint = 'drop | skip_autoescape, so the data is shown as text; for formatting, have the PRE return plain fields and write the markup in the template';

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
 * worker's page (XSS): the manifest's data, often the customers' own text, runs in a worker's
 * signed-in session. Follows the data through `assign`, `capture` and `for` variables
 * (task-input-taint.ts); a value escaped on the way (`| escape`, a capture) is safe when only
 * filters that keep HTML follow, since any other filter reads it as its text again (to_json and
 * the presigns too). An error: gtkit deploy refuses the template until it escapes the data.
 */
export const skipAutoescapeTaskInput: SourceRule = {
  id: 'skip-autoescape-task-input',
  description: 'skip_autoescape on task input (XSS)',
  check(ctx) {
    const tracker = taskInputTracker();
    const findings: LintFinding[] = [];
    for (const t of ctx.liquidTokens) {
      const read = tracker.step(t);
      if (t.kind !== 'output') continue;
      const filters = filtersOf(t.markup);
      if (filters.includes('skip_autoescape') && afterChain(read, filters) === 'raw') {
        const through = tracker.viaOf(t.markup, filters);
        const { message, hint } = through ? unverifiedMessage(through) : { message: plainMessage, hint: plainHint };
        findings.push(ctx.at(t.begin, 'skip-autoescape-task-input', 'error', message, hint));
      }
    }
    return findings;
  },
};
