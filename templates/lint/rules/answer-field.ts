import { formAnchor, settled } from '../documents.ts';
import type { AnswerFieldExpectation, LintDocument, LintFinding, PageRule } from '../types.ts';

/** The first document without a field of that name: where it came from and what it submits instead. */
interface Lacking {
  origin: string | undefined;
  named: string[];
}

function lackingIn(doc: LintDocument, name: string): Lacking | undefined {
  if (doc.elements.some((e) => e.attrs.name === name)) return undefined;
  const named = [...new Set(doc.elements.map((e) => e.attrs.name).filter((n): n is string => n !== undefined && n !== ''))].sort();
  return { origin: doc.origin, named };
}

/**
 * The ACS reads each answer by its field name (`answerContent.category`). A template whose
 * element is named otherwise still submits, and the dry run's own sample answers still pass,
 * but every object of the real job fails consolidation: an error. Judged on each rendered page
 * (the first without the field is named), or on the source when nothing rendered.
 */
export const answerField: PageRule = {
  id: 'answer-field',
  description: 'answer fields the ACS reads are submitted by the template',
  checkPages(ctx) {
    const expected = ctx.answerFields ?? [];
    if (expected.length === 0) return settled([]);
    // Per field name, the first page without it: only its origin and names are kept.
    const lacking = new Map<string, Lacking>();
    const offset = formAnchor(ctx);
    const finding = ({ name, reader }: AnswerFieldExpectation, { origin, named }: Lacking): LintFinding =>
      ctx.at(
        offset,
        'answer-field',
        'error',
        `no field is named "${name}"${origin === undefined ? '' : ` when rendered for ${origin}`}, but ${reader} reads the answer from answerContent.${name}`,
        `name the answer's element "${name}"${named.length > 0 ? ` (the template submits ${named.map((n) => `"${n}"`).join(', ')})` : ''}, or change the ACS to read the field the template submits (a hand-written ACS lists the fields it reads in consolidation.answerFields of ${ctx.taskFiles.config})`,
      );
    return {
      page(page) {
        for (const { name } of expected) {
          if (lacking.has(name)) continue;
          const found = lackingIn(page, name);
          if (found) lacking.set(name, found);
        }
      },
      findings({ pages }) {
        if (pages > 0) return expected.flatMap((field) => (lacking.has(field.name) ? [finding(field, lacking.get(field.name) as Lacking)] : []));
        // A name written with Liquid is only known after rendering: without renders, do not guess.
        if (ctx.sourceDocument.elements.some((e) => e.dynamic.has('name'))) return [];
        return expected.flatMap((field) => {
          const found = lackingIn(ctx.sourceDocument, field.name);
          return found ? [finding(field, found)] : [];
        });
      },
    };
  },
};
