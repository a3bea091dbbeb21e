import type { LintDocument, LintFinding, LintRule } from '../types.ts';

/**
 * The ACS reads each answer by its field name (`answerContent.category`). A template whose
 * element is named otherwise still submits, and the dry run's own sample answers still pass,
 * but every object of the real job fails consolidation: an error.
 */
export const answerField: LintRule = {
  id: 'answer-field',
  description: 'answer fields the ACS reads are submitted by the template',
  check(ctx) {
    const expected = ctx.answerFields ?? [];
    if (expected.length === 0) return [];
    // A name written with Liquid is only known after rendering: without renders, do not guess.
    if (ctx.renders.length === 0 && ctx.sourceDocument.elements.some((e) => e.dynamic.has('name'))) return [];
    const documents: LintDocument[] = ctx.renders.length > 0 ? ctx.renders : [ctx.sourceDocument];
    const anchor = ctx.sourceDocument.elements.find((e) => e.tag === 'crowd-form') ?? ctx.sourceDocument.elements.find((e) => e.attrs.name !== undefined);
    const offset = anchor?.offset ?? 0;
    const findings: LintFinding[] = [];
    for (const { name, reader } of expected) {
      const without = documents.find((d) => !d.elements.some((e) => e.attrs.name === name));
      if (!without) continue;
      const named = [...new Set(without.elements.map((e) => e.attrs.name).filter((n): n is string => n !== undefined && n !== ''))].sort();
      const where = without.origin === undefined ? '' : ` when rendered for ${without.origin}`;
      findings.push(
        ctx.at(
          offset,
          'answer-field',
          'error',
          `no field is named "${name}"${where}, but ${reader} reads the answer from answerContent.${name}`,
          `name the answer's element "${name}"${named.length > 0 ? ` (the template submits ${named.map((n) => `"${n}"`).join(', ')})` : ''}, or change the ACS to read the field the template submits (a hand-written acs.ts lists the fields it reads in consolidation.answerFields of gtkit.config.ts)`,
        ),
      );
    }
    return findings;
  },
};
