import { listText } from '../../lambdas/contracts/list-text.ts';
import { parseDocument } from '../../templates/lint/html.ts';
import { inlineScriptsOf, scriptsQuoteName } from '../../templates/lint/page-scripts.ts';
import type { CapturedAnswer } from './answers-file.ts';
import { readPagePlan } from './page-fields.ts';

/** Objects a problem names before it only counts the rest. */
const namedObjects = 10;

/** One field that replayed answers hold and their pages no longer submit. */
export interface StaleField {
  field: string;
  /** How many answers hold it, and the datasetObjectIds of their objects. */
  answers: number;
  objects: string[];
  message: string;
  fix: string;
}

/**
 * Checks replayed answers against the pages they are replayed on. After a field is renamed in
 * the template, answers captured before the rename still hold the old name: replayed, that key
 * reaches the worker responses but nothing of the page fills it any more (and keepFields, renamed
 * too, no longer keeps it), so its values vanish from the output without a word. Given the answers
 * placed on each object before the pages are rendered, the run hands each rendered page here
 * (`read`); only pages with answers are parsed, and only the answer keys each page does not submit
 * are kept. `stale` then names them. A name an inline script of the page quotes is not named: the
 * script may add that field on submit (lint's rule for keepFields, templates/lint/page-scripts.ts).
 */
export class ReplayedFields {
  /** Per object whose page was read: the keys of its answers that the page does not submit (usually none). */
  private readonly notSubmitted = new Map<string, ReadonlySet<string>>();

  constructor(private readonly answersById: ReadonlyMap<string, readonly CapturedAnswer[]>) {}

  /** Reads the page rendered for an object; a page without answers, or with nothing that submits (no crowd-form), is not checked. */
  read(html: string, datasetObjectId: string): void {
    const answers = this.answersById.get(datasetObjectId);
    if (!answers) return;
    const plan = readPagePlan(html, { name: '', shape: undefined });
    if (!plan) return;
    const names = new Set(plan.names);
    const missing = new Set<string>();
    for (const answer of answers) {
      const content = answer.answerContent;
      if (typeof content !== 'object' || content === null) continue;
      for (const field of Object.keys(content)) if (!names.has(field)) missing.add(field);
    }
    if (missing.size > 0) {
      // Scripts are read only when a key is missing: the common page submits every key already.
      const scripts = inlineScriptsOf(parseDocument(html).elements, html);
      for (const field of missing) if (scriptsQuoteName(scripts, field)) missing.delete(field);
    }
    this.notSubmitted.set(datasetObjectId, missing);
  }

  /**
   * One entry per answer key that no page it is replayed on submits, with how many answers hold it
   * and on which objects, in the order the keys first appear. `answersById` is the final placement
   * (lines that failed to render hold none).
   */
  stale(answersById: ReadonlyMap<string, readonly CapturedAnswer[]>, answersFile: string): StaleField[] {
    const found = new Map<string, { answers: number; objects: string[] }>();
    for (const [id, answers] of answersById) {
      const missing = this.notSubmitted.get(id);
      if (!missing || missing.size === 0) continue;
      for (const answer of answers) {
        const content = answer.answerContent;
        if (typeof content !== 'object' || content === null) continue;
        for (const field of Object.keys(content)) {
          if (!missing.has(field)) continue;
          const seen = found.get(field);
          if (!seen) found.set(field, { answers: 1, objects: [id] });
          else {
            seen.answers++;
            if (seen.objects.at(-1) !== id) seen.objects.push(id);
          }
        }
      }
    }
    return [...found].map(([field, { answers, objects }]) => ({
      field,
      answers,
      objects,
      message: `${answers} ${answers === 1 ? 'answer holds' : 'answers hold'} ${JSON.stringify(field)}, which the template no longer submits (datasetObjectIds ${listText(objects.map((o) => JSON.stringify(o)), namedObjects)}): replayed as captured, ${answers === 1 ? 'its' : 'their'} ${JSON.stringify(field)} fills no field of the page and reaches the output only if consolidation keeps that name`,
      fix: `if the field was renamed, answer ${objects.length === 1 ? 'that item' : 'those items'} again in gtkit preview (or rename the key in ${answersFile}); if it was removed, delete the key from ${answersFile}`,
    }));
  }
}
