import { FindingSet, renderedFor } from '../documents.ts';
import type { LintDocument, LintElement, LintRule } from '../types.ts';
import { fieldKind, mayShareName } from '../fields.ts';

/**
 * Two fields with one name: one answer overwrites the other. Checked on the source (fields in
 * different if/else branches never render together) and on every rendered page (a field in a
 * loop repeats).
 */
export const duplicateFieldName: LintRule = {
  id: 'duplicate-field-name',
  description: 'form fields with duplicate names',
  check(ctx) {
    const out = new FindingSet();
    const judge = (doc: LintDocument, exclusive: (a: LintElement, b: LintElement) => boolean) => {
      const byName = new Map<string, LintElement[]>();
      for (const e of doc.elements) {
        const name = e.attrs.name;
        if (!fieldKind(e) || name === undefined || name.trim() === '' || e.dynamic.has('name')) continue;
        const earlier = byName.get(name) ?? [];
        const clash = earlier.find((p) => !mayShareName(p, e) && !exclusive(p, e));
        if (clash) {
          out.add(`${clash.offset}:${e.offset}`, () =>
            ctx.at(e.offset, 'duplicate-field-name', 'error', `name "${name}" is used by <${clash.tag}> and <${e.tag}>${renderedFor(doc.origin)}; one answer overwrites the other`, 'give each field its own name'),
          );
        }
        byName.set(name, [...earlier, e]);
      }
    };
    judge(ctx.sourceDocument, (a, b) => ctx.exclusive(a.offset, b.offset));
    for (const doc of ctx.renders) judge(doc, () => false);
    return out.list;
  },
};
