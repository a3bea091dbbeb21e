import { fieldKind, shownField } from '../fields.ts';
import { settled } from '../documents.ts';
import { answerField } from './answer-field.ts';
import type { LintDocument, LintElement, LintFinding, PageRule } from '../types.ts';

/**
 * A field the template submits that the ACS neither consolidates (`answerFields`) nor keeps
 * (`keptFields`): workers fill it in, Ground Truth stores it in the worker-response files, and
 * the output manifest never shows it. A warning: a hand-written ACS may read it on purpose, and
 * a field may be a page helper. Names starting with `_` are left alone (page helpers, as in AWS's
 * samples). Judged on the source and on every rendered page (a name written with Liquid is
 * known only there); each name is reported once, at its first element in the source when it has one.
 * Quiet while answer-field reports a field the ACS reads as missing (its own check, run alongside):
 * its error names what the template submits instead, most likely the same field renamed, so a
 * warning here would say it twice.
 */
export const unkeptField: PageRule = {
  id: 'unkept-field',
  description: 'answer fields the ACS neither consolidates nor keeps (lost from the output)',
  checkPages(ctx) {
    const read = ctx.answerFields;
    if (!read || read.length === 0) return settled([]);
    const known = new Set([...read.map((f) => f.name), ...(ctx.keptFields ?? [])]);
    // Per unkept name, the first element seen with it (the source's first, when the source has one).
    const unkept = new Map<string, LintElement>();
    const missing = answerField.checkPages(ctx);
    const look = (doc: LintDocument) => {
      for (const e of doc.elements) {
        const name = e.attrs.name;
        if (!fieldKind(e) || e.dynamic.has('name') || name === undefined || name.trim() === '' || name.startsWith('_') || known.has(name) || unkept.has(name)) continue;
        unkept.set(name, e);
      }
    };
    look(ctx.sourceDocument);
    const anchor = ctx.sourceDocument.elements.find((e) => e.tag === 'crowd-form')?.offset ?? 0;
    const consolidated = read.map((f) => `"${f.name}"`).join(', ');
    const finding = (name: string, e: LintElement): LintFinding =>
      ctx.at(
        // A rendered element sits at its source element's offset; one made by a script or a loop may not.
        ctx.sourceElementAt(e.offset) ? e.offset : anchor,
        'unkept-field',
        'warning',
        `the template submits "${name}" (${shownField(e)}), but the ACS consolidates only ${consolidated} and does not keep "${name}": workers' answers to it reach the worker-response files, not the output manifest`,
        `add "${name}" to consolidation.keepFields in ${ctx.taskFiles.config} (the scaffolded ACS then lists each worker's answer under worker-fields in the object's metadata), or read it in ${ctx.taskFiles.acs} and list it in consolidation.answerFields`,
      );
    return {
      page(page) {
        look(page);
        missing.page?.(page);
      },
      findings: (tally) => (missing.findings(tally).length > 0 ? [] : [...unkept].map(([name, e]) => finding(name, e))),
    };
  },
};
