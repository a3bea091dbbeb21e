import { positionOf } from '../../engine/errors.ts';
import { FindingSet, renderedFor } from '../documents.ts';
import { fieldKind, shareClass } from '../fields.ts';
import { exclusiveBranches, topLevel, type BranchPlace } from '../liquid-scan.ts';
import type { LintContext, LintDocument, LintElement, PageRule } from '../types.ts';

/**
 * The earlier fields of one name in one Liquid branch: the first, and the first of another share
 * class than it. Whatever class a later field is of, one of the two is the earliest it clashes
 * with there, so a field costs one look per branch that holds its name, not one per earlier field.
 */
interface BranchFields {
  place: BranchPlace;
  first: LintElement;
  firstOfOtherClass?: LintElement;
}

/** A field that shares with none is a class of its own. */
const classOf = (e: LintElement): string | LintElement => shareClass(e) ?? e;

/** The earliest field of another class than `own` among the earlier fields of one branch. */
function candidateIn(b: BranchFields, own: string | LintElement): LintElement | undefined {
  return classOf(b.first) !== own ? b.first : b.firstOfOtherClass;
}

/**
 * Two fields with one name: one answer overwrites the other. Checked on the source (fields in
 * different if/else branches never render together) and on every rendered page (a field in a
 * loop repeats). Names starting with `_` are a warning: AWS samples share `_` among page helpers
 * on purpose, and whether Ground Truth leaves such names out of the answer is not documented.
 */
export const duplicateFieldName: PageRule = {
  id: 'duplicate-field-name',
  description: 'form fields with duplicate names (a warning for helper names starting with _)',
  checkPages(ctx) {
    const out = new FindingSet();
    const judge = (doc: LintDocument, placeOf: (e: LintElement) => BranchPlace) => {
      // Per name, its branches in the order their first field comes.
      const byName = new Map<string, Map<BranchPlace, BranchFields>>();
      for (const e of doc.elements) {
        const name = e.attrs.name;
        if (!fieldKind(e) || name === undefined || name.trim() === '' || e.dynamic.has('name')) continue;
        const branches = byName.get(name) ?? new Map<BranchPlace, BranchFields>();
        byName.set(name, branches);
        const own = classOf(e);
        const place = placeOf(e);
        let clash: LintElement | undefined;
        for (const b of branches.values()) {
          // Branches come in order of their first field: none after this one can hold an earlier clash.
          if (clash && b.first.offset >= clash.offset) break;
          const candidate = candidateIn(b, own);
          if (candidate && (!clash || candidate.offset < clash.offset) && !exclusiveBranches(b.place, place)) clash = candidate;
        }
        if (clash) {
          const earlier = clash;
          out.add(`${earlier.offset}:${e.offset}`, () => duplicateFinding(ctx, name, earlier, e, doc.origin));
        }
        const mine = branches.get(place);
        if (!mine) branches.set(place, { place, first: e });
        else if (!mine.firstOfOtherClass && classOf(mine.first) !== own) mine.firstOfOtherClass = e;
      }
    };
    judge(ctx.sourceDocument, (e) => ctx.branchAt(e.offset));
    return {
      // A rendered page has no branches left: all its fields are in one place.
      page: (page) => judge(page, () => topLevel),
      findings: () => out.list,
    };
  },
};

function duplicateFinding(ctx: LintContext, name: string, earlier: LintElement, later: LintElement, origin: string | undefined) {
  const { line, column } = positionOf(ctx.source, earlier.offset);
  const both = `name "${name}" is used by <${earlier.tag}> (at ${line}:${column}) and <${later.tag}>${renderedFor(origin)}`;
  if (name.startsWith('_')) {
    return ctx.at(
      later.offset,
      'duplicate-field-name',
      'warning',
      `${both}; names starting with "_" are usually page helpers that AWS samples share on purpose, but whether Ground Truth leaves them out of the answer is not documented, so one value may overwrite the other there`,
      'fine for helpers whose values nobody reads; give a field its own name if the ACS or a script reads it',
    );
  }
  return ctx.at(later.offset, 'duplicate-field-name', 'error', `${both}; one answer overwrites the other`, 'give each field its own name');
}
