import { unknownLabelEffect } from '../../../lambdas/task-types/known-labels.ts';
import { elementSpecs } from '../../elements/spec.ts';
import { attributeValues, eachDocument, renderedFor, settled } from '../documents.ts';
import { elementLabels, labelAttributeOf, quotedList } from '../label-lists.ts';
import type { AnswerFieldExpectation, LintContext, LintElement, PageRule } from '../types.ts';

const plural = (list: readonly string[], one: string, many: string) => (list.length === 1 ? one : many);

/**
 * What an ACS that knows only the task's labels does with the element's answers naming the
 * others, from the first field it submits that known-labels.ts screens; undefined when none is.
 */
function leftOut(tag: string, them: string): string | undefined {
  const shape = elementSpecs[tag]?.submits;
  return shape?.kind === 'object' ? shape.keys.map((key) => unknownLabelEffect(key, them)).find((say) => say !== undefined) : undefined;
}

/**
 * Whether the element's labels reach the ACS, and which answer field says so: with the fields the
 * ACS reads known, only an element submitting one of them (another element's labels, a second
 * question, are not consolidated); without them, every element. Undefined: not judged.
 */
function consolidated(ctx: LintContext, element: LintElement): { field?: AnswerFieldExpectation } | undefined {
  if (!ctx.answerFields) return {};
  const field = element.dynamic.has('name') ? undefined : ctx.answerFields.find((f) => f.name === element.attrs.name);
  return field ? { field } : undefined;
}

/**
 * A label list in the template that differs from the task's labels (`knownLabels`, the config's
 * `labels`), which are all the ACS knows. A label the template offers that the task lacks is an
 * error, since the ACS leaves out what workers answer with it, as `unknownLabelEffect`
 * (lambdas/task-types/known-labels.ts) says; a warning when a hand-written acs.ts reads the field
 * (it may not check labels) or when no task type screens the element's labels (nothing is left
 * out). A task label a list written out in the source
 * never offers is a warning: no worker can choose it. A list Liquid builds is judged on each
 * rendered page for the first only, since a PRE may give each line a subset of the labels (the
 * scaffolded PRE gives them all, from the same config). Values that do not parse are
 * unparseable-attribute's to report.
 */
export const labelMismatch: PageRule = {
  id: 'label-mismatch',
  description: "label lists in the template that differ from the task's labels (the task config's labels)",
  checkPages(ctx) {
    const known = ctx.knownLabels;
    if (!known || known.length === 0) return settled([]);
    const knownSet = new Set(known);
    return eachDocument(ctx, (doc, out) => {
      // Each list is judged once, where it is known: on the source when written out, else on the pages.
      for (const { element, source, origin, attr } of attributeValues(ctx, labelAttributeOf, doc)) {
        const reaches = consolidated(ctx, element);
        const offered = reaches ? elementLabels(element, attr) : undefined;
        if (!reaches || !offered) continue;
        const offeredSet = new Set(offered);
        const unknown = offered.filter((l) => !knownSet.has(l));
        const neverOffered = origin === undefined ? known.filter((l) => !offeredSet.has(l)) : [];
        const at = ctx.attributeOffset(source.offset, attr);
        const lists = `${attr} offers ${quotedList(offered) || 'none'}${renderedFor(origin)}; the task's labels are ${quotedList(known)}`;
        const fix =
          origin === undefined
            ? `make the two lists the same: edit this ${attr} attribute, or labels in ${ctx.taskFiles.config} (or write ${attr}="{{ task.input.labels | to_json | escape }}", as gtkit init does, to show the task's labels)`
            : `make the two lists the same: fix what ${ctx.taskFiles.pre} puts in the task input for ${attr}, or labels in ${ctx.taskFiles.config}`;
        if (unknown.length > 0) {
          const field = reaches.field;
          const reader = field?.reader ?? 'the ACS';
          const them = plural(unknown, 'it', 'them');
          const effect = leftOut(element.tag, them);
          // Lost answers are an error; where no ACS screens the element's labels, nothing is lost and workers' answers just carry the label.
          const certain = effect !== undefined && (field === undefined || field.decodes?.certain === true);
          const consequence =
            effect === undefined
              ? `gtkit's ACS does not screen the labels of <${element.tag}> answers, so an answer with ${them} counts as it is`
              : certain
                ? `${reader} knows only the task's labels, so it ${effect}`
                : `if ${reader} checks answers against the task's labels, as the scaffolded acs.ts does, it ${effect}`;
          out.add(`${source.offset}:unknown`, () =>
            ctx.at(at, 'label-mismatch', certain ? 'error' : 'warning', `<${element.tag}> offers ${plural(unknown, 'label', 'labels')} ${quotedList(unknown)}, not among the task's labels (${lists}): ${consequence}`, fix),
          );
        }
        if (neverOffered.length > 0) {
          out.add(`${source.offset}:never`, () =>
            ctx.at(at, 'label-mismatch', 'warning', `<${element.tag}> never offers the task's ${plural(neverOffered, 'label', 'labels')} ${quotedList(neverOffered)} (${lists}): workers can never choose ${plural(neverOffered, 'it', 'them')}`, fix),
          );
        }
      }
    });
  },
};
