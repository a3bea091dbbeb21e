import { FindingSet, renderedFor } from '../documents.ts';
import type { LintDocument, LintElement, LintRule } from '../types.ts';
import { fieldKind, shareClass } from '../fields.ts';

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
      // Per name, the earlier fields grouped by share class (a field that shares with none is a group
      // of its own), so a field only looks at groups it may clash with: 20,000 radios of one group
      // cost no comparisons, where a scan of every earlier field took seconds.
      const byName = new Map<string, Map<string | LintElement, LintElement[]>>();
      for (const e of doc.elements) {
        const name = e.attrs.name;
        if (!fieldKind(e) || name === undefined || name.trim() === '' || e.dynamic.has('name')) continue;
        const groups = byName.get(name) ?? new Map<string | LintElement, LintElement[]>();
        byName.set(name, groups);
        const own = shareClass(e) ?? e;
        let clash: LintElement | undefined;
        for (const [group, earlier] of groups) {
          if (group === own) continue;
          // Each group is in document order: its first clash is its earliest; the earliest of all is reported.
          const first = earlier.find((p) => !exclusive(p, e));
          if (first && (!clash || first.offset < clash.offset)) clash = first;
        }
        if (clash) {
          out.add(`${clash.offset}:${e.offset}`, () =>
            ctx.at(e.offset, 'duplicate-field-name', 'error', `name "${name}" is used by <${clash.tag}> and <${e.tag}>${renderedFor(doc.origin)}; one answer overwrites the other`, 'give each field its own name'),
          );
        }
        const mine = groups.get(own);
        if (mine) mine.push(e);
        else groups.set(own, [e]);
      }
    };
    judge(ctx.sourceDocument, (a, b) => ctx.exclusive(a.offset, b.offset));
    for (const doc of ctx.renders) judge(doc, () => false);
    return out.list;
  },
};
