import { listText } from '../../lambdas/contracts/list-text.ts';
import { escapeRegExp } from '../../templates/engine/reg-exp.ts';
import type { CapturedAnswer } from './answers-file.ts';
import { readPagePlan } from './page-fields.ts';

/** Kinds of page kept to share between objects; past this, each object keeps its own (a page per line that differs in its fields). */
const sharedPages = 1_000;
/** Objects a problem names before it only counts the rest. */
const namedObjects = 10;

/** What a rendered page submits, as far as its markup and scripts tell. */
interface PageSubmits {
  names: ReadonlySet<string>;
  /** The text of its inline scripts: a name they mention may be a field a script adds on submit. */
  scripts: string;
}

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
 * too, no longer keeps it), so its values vanish from the output without a word. The run reads
 * each object's rendered page here (`read`), then names each answer key no page submits (`stale`).
 * A name an inline script of the page mentions is not named: the script may add that field on
 * submit (a hidden field filled from a `submit` listener).
 */
export class ReplayedFields {
  private readonly byObject = new Map<string, PageSubmits>();
  private readonly shared = new Map<string, PageSubmits>();

  /** Reads the page rendered for an object; a page with nothing that submits (no crowd-form) is not checked. */
  read(html: string, datasetObjectId: string): void {
    const plan = readPagePlan(html, { name: '', shape: undefined });
    if (!plan) return;
    const scripts = inlineScripts(html);
    const key = JSON.stringify([plan.names, scripts]);
    let page = this.shared.get(key);
    if (!page) {
      page = { names: new Set(plan.names), scripts };
      if (this.shared.size < sharedPages) this.shared.set(key, page);
    }
    this.byObject.set(datasetObjectId, page);
  }

  /**
   * One entry per answer key that no page it is replayed on submits, with how many answers hold it
   * and on which objects, in the order the keys first appear.
   */
  stale(answersById: ReadonlyMap<string, readonly CapturedAnswer[]>, answersFile: string): StaleField[] {
    const found = new Map<string, { answers: number; objects: string[] }>();
    const mentioned = new Map<PageSubmits, Map<string, boolean>>();
    const inScripts = (page: PageSubmits, name: string): boolean => {
      let known = mentioned.get(page);
      if (!known) mentioned.set(page, (known = new Map()));
      let hit = known.get(name);
      if (hit === undefined) known.set(name, (hit = new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`).test(page.scripts)));
      return hit;
    };
    for (const [id, answers] of answersById) {
      const page = this.byObject.get(id);
      if (!page) continue;
      for (const answer of answers) {
        const content = answer.answerContent;
        if (typeof content !== 'object' || content === null) continue;
        for (const field of Object.keys(content)) {
          if (page.names.has(field) || inScripts(page, field)) continue;
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

/** The text of a page's inline scripts (`<script>` without `src`), joined. */
function inlineScripts(html: string): string {
  const parts: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\bsrc\s*=/i.test(m[1] ?? '')) parts.push(m[2] ?? '');
  }
  return parts.join('\n');
}
