import { answerNotes, keepsNote } from '../../../lambdas/task-types/answer-notes.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { formAnchor } from '../documents.ts';
import { fieldKind } from '../fields.ts';
import { inlineScripts, scriptsQuoteName } from '../page-scripts.ts';
import type { LintContext, LintDocument, LintFinding, PageRule } from '../types.ts';

/**
 * Names an element submits inside its own answer (lambdas/task-types/answer-notes.ts): kept as a
 * field of their own, they would never be found at the top of the answer.
 */
const insideElementAnswer: Readonly<Record<keyof typeof answerNotes, string>> = {
  workerComment: "an image classifier's <worker-comment>",
  initialValueModified: 'an annotation tool given an initial-value',
};

/** The task type whose own ACS reads the answer (`the image-classification ACS`, as the task's cross-checks name it); undefined for a hand-written one. */
function ownAcsType(ctx: LintContext) {
  const reader = ctx.answerFields?.[0]?.reader;
  return taskTypeNames.find((t) => reader === `the ${t} ACS`);
}

/**
 * A name in `consolidation.keepFields` that no field of the template has: the ACS looks for it at
 * the top of each answer, finds nothing, and keeps nothing, while lint and the dry run say all is
 * well (a misspelt name, a field since renamed, or `workerComment`, which the element submits
 * inside its own answer). A field is what unkept-field counts (fieldKind): a `<meta name>`, a file
 * input or a control outside crowd-form submits nothing. A warning: a script may add the field at
 * submit time, so a name an inline script mentions in quotes is left alone. Judged on the source
 * and every rendered page; a name written with Liquid is known only on a page, so without pages
 * such a template says nothing. Placed at the name in the config when lint knows where that is
 * (the fix is there), else at the template's crowd-form.
 */
export const keptFieldNotSubmitted: PageRule = {
  id: 'kept-field-not-submitted',
  description: 'consolidation.keepFields names a field the template never submits',
  checkPages(ctx) {
    const kept = ctx.keptFields ?? [];
    const named = new Set<string>();
    const look = (doc: LintDocument) => {
      for (const e of doc.elements) if (e.attrs.name !== undefined && !e.dynamic.has('name') && fieldKind(e) !== undefined) named.add(e.attrs.name);
    };
    if (kept.length > 0) look(ctx.sourceDocument);
    const anchor = formAnchor(ctx);
    const where = `consolidation.keepFields in ${ctx.taskFiles.config}`;
    const finding = (name: string, rendered: boolean): LintFinding => {
      const consolidated = ctx.answerFields?.[0]?.name;
      if (Object.hasOwn(insideElementAnswer, name)) {
        const note = name as keyof typeof answerNotes;
        const at = `answerContent.${consolidated ?? '<field>'}.${name}`;
        const type = ownAcsType(ctx);
        return ctx.at(
          anchor,
          'kept-field-not-submitted',
          'warning',
          `${where} names "${name}", which is not a field of its own: ${insideElementAnswer[note]} submits it inside its answer (${at}), so nothing is kept under it`,
          type !== undefined && keepsNote(type, note)
            ? `remove "${name}" from ${where}: gtkit's ACS for the task type writes it under ${answerNotes[note].key} in each object's metadata`
            : `remove "${name}" from ${where}; to have it in the output, read it from ${at} in ${ctx.taskFiles.acs}`,
        );
      }
      const fields = [...named].filter((n) => n.trim() !== '').sort();
      return ctx.at(
        anchor,
        'kept-field-not-submitted',
        'warning',
        `${where} names "${name}", but no field of the template is named "${name}"${rendered ? ' on any rendered page' : ''}, so the ACS keeps nothing under it`,
        `name the template's field "${name}", or remove it from consolidation.keepFields${fields.length > 0 ? ` (the template submits ${fields.map((n) => `"${n}"`).join(', ')})` : ''}`,
      );
    };
    // The fix is in the config: with its place known, the finding points at the name there.
    const inConfig = (f: LintFinding, index: number): LintFinding => (ctx.configPlace ? { ...f, ...ctx.configPlace(`consolidation.keepFields[${index}]`) } : f);
    return {
      page(page) {
        if (kept.length > 0) look(page);
      },
      findings({ pages }) {
        if (kept.length === 0) return [];
        // A name written with Liquid is only known after rendering: without renders, do not guess.
        if (pages === 0 && ctx.sourceDocument.elements.some((e) => e.dynamic.has('name') && fieldKind(e) !== undefined)) return [];
        const scripts = inlineScripts(ctx);
        return kept.filter((name) => !named.has(name) && !scriptsQuoteName(scripts, name)).map((name) => inConfig(finding(name, pages > 0), kept.indexOf(name)));
      },
    };
  },
};
