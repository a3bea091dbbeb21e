import { inlineScripts } from '../page-scripts.ts';
import type { LintDocument, LintFinding, PageRule } from '../types.ts';

/**
 * Names an element submits inside its own answer, which gtkit's ACS writes under a metadata key
 * of the built-in formats (lambdas/task-types/answer-notes.ts): kept as a field of their own,
 * they would never be found at the top of the answer.
 */
const insideElementAnswer: Readonly<Record<string, { by: string; key: string }>> = {
  workerComment: { by: "an image classifier's <worker-comment>", key: 'worker-feedback' },
  initialValueModified: { by: 'an annotation tool given an initial-value', key: 'adjustment-status' },
};

/**
 * A name in `consolidation.keepFields` that no field of the template has: the ACS looks for it at
 * the top of each answer, finds nothing, and keeps nothing, while lint and the dry run say all is
 * well (a misspelt name, a field since renamed, or `workerComment`, which the element submits
 * inside its own answer). A warning: a script may add the field at submit time, so a name an
 * inline script mentions in quotes is left alone. Judged on the source and every rendered page; a
 * name written with Liquid is known only on a page, so without pages such a template says nothing.
 */
export const keptFieldNotSubmitted: PageRule = {
  id: 'kept-field-not-submitted',
  description: 'consolidation.keepFields names a field the template never submits',
  checkPages(ctx) {
    const kept = ctx.keptFields ?? [];
    const named = new Set<string>();
    const look = (doc: LintDocument) => {
      for (const e of doc.elements) if (e.attrs.name !== undefined && !e.dynamic.has('name')) named.add(e.attrs.name);
    };
    if (kept.length > 0) look(ctx.sourceDocument);
    const anchor = ctx.sourceDocument.elements.find((e) => e.tag === 'crowd-form') ?? ctx.sourceDocument.elements.find((e) => e.attrs.name !== undefined);
    const where = `consolidation.keepFields in ${ctx.taskFiles.config}`;
    const finding = (name: string, rendered: boolean): LintFinding => {
      const inside = Object.hasOwn(insideElementAnswer, name) ? insideElementAnswer[name] : undefined;
      const consolidated = ctx.answerFields?.[0]?.name;
      if (inside) {
        return ctx.at(
          anchor?.offset ?? 0,
          'kept-field-not-submitted',
          'warning',
          `${where} names "${name}", which is not a field of its own: ${inside.by} submits it inside its answer (answerContent.${consolidated ?? '<field>'}.${name}), so nothing is kept under it`,
          `remove "${name}" from ${where}: gtkit's ACS for the task type writes it under ${inside.key} in each object's metadata`,
        );
      }
      const fields = [...named].filter((n) => n.trim() !== '').sort();
      return ctx.at(
        anchor?.offset ?? 0,
        'kept-field-not-submitted',
        'warning',
        `${where} names "${name}", but no field of the template is named "${name}"${rendered ? ' on any rendered page' : ''}, so the ACS keeps nothing under it`,
        `name the template's field "${name}", or remove it from consolidation.keepFields${fields.length > 0 ? ` (the template submits ${fields.map((n) => `"${n}"`).join(', ')})` : ''}`,
      );
    };
    return {
      page(page) {
        if (kept.length > 0) look(page);
      },
      findings({ pages }) {
        if (kept.length === 0) return [];
        // A name written with Liquid is only known after rendering: without renders, do not guess.
        if (pages === 0 && ctx.sourceDocument.elements.some((e) => e.dynamic.has('name'))) return [];
        const scripts = inlineScripts(ctx);
        const scriptNames = (name: string) => scripts.some((code) => ['"', "'", '`'].some((q) => code.includes(`${q}${name}${q}`)));
        return kept.filter((name) => !named.has(name) && !scriptNames(name)).map((name) => finding(name, pages > 0));
      },
    };
  },
};
