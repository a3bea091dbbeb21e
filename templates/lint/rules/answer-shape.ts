import type { AnswerShape } from '../../elements/spec.ts';
import { attributeValues, FindingSet, renderedFor, type JudgedElement } from '../documents.ts';
import { decodedValuesShape, fieldValues } from '../field-values.ts';
import { fieldKind, isNativeControl, shareClass } from '../fields.ts';
import type { BranchPlace } from '../liquid-scan.ts';
import { describeShape, elementsSubmitting, shapeFits, submittedShape } from '../submitted-shape.ts';
import type { AnswerFieldExpectation, LintContext, LintElement, LintFinding, LintRule } from '../types.ts';

/**
 * The element submitting a field the ACS reads must submit the shape the ACS decodes:
 * `<select name="category">` submits a string where the text-classification ACS decodes
 * `{"label": …}`, so every object fails consolidation, while the template lints, renders and
 * passes `gtkit run --simulate` (which makes its answers up from the task type). An error when
 * the task type's own ACS reads the field; a warning when a hand-written acs.ts reads it (it may
 * decode it otherwise) or when what the element submits is gtkit's guess (crowd-slider, native
 * checkboxes and radios). The decoder turns a string that holds a JSON object into it, so a
 * native field's values are read too: options whose values hold `{"label": …}` submit that; a
 * field whose values lint cannot see is at most a warning. A name written with Liquid is judged
 * on the rendered pages.
 */
export const answerShape: LintRule = {
  id: 'answer-shape',
  description: 'the element submitting an answer field submits the shape the ACS decodes (e.g. {"label": …}, not a string)',
  check(ctx) {
    const decoded = (ctx.answerFields ?? []).filter((f) => f.decodes);
    if (decoded.length === 0) return [];
    const valuesOf = fieldValues(ctx);
    const out = new FindingSet();
    // One finding per field of the source (its renders are the same field), and per group of
    // radios or checkboxes that merge into one answer in one Liquid branch.
    const branchIds = new Map<BranchPlace, number>();
    const placeKey = (source: LintElement) => {
      const merged = shareClass(source);
      if (merged === undefined) return String(source.offset);
      const branch = ctx.branchAt(source.offset);
      const id = branchIds.get(branch) ?? branchIds.size;
      branchIds.set(branch, id);
      return `${merged}:${source.attrs.name ?? ''}:${id}`;
    };
    for (const judged of attributeValues(ctx, () => ['name'])) {
      const { element, source, value: name } = judged;
      const field = decoded.find((f) => f.name === name);
      const decodes = field?.decodes;
      if (!field || !decodes || !fieldKind(element)) continue;
      let submitted = submittedShape(element);
      let valuesUnseen = false;
      if (submitted?.kind === 'text' && decodes.nestedJson && isNativeControl(element)) {
        const values = valuesOf(source);
        if (values === undefined) valuesUnseen = true;
        else submitted = decodedValuesShape(values);
      }
      if (!submitted || shapeFits(submitted, decodes.shape)) continue;
      const shape = submitted;
      out.add(placeKey(source), () => mismatch(ctx, judged, field, shape, valuesUnseen));
    }
    return out.list;
  },
};

function mismatch(ctx: LintContext, { element, source, origin }: JudgedElement, field: AnswerFieldExpectation, submitted: AnswerShape, valuesUnseen: boolean): LintFinding {
  const { name } = field;
  const decodes = field.decodes as NonNullable<AnswerFieldExpectation['decodes']>;
  const shown = element.tag === 'input' && element.attrs.type ? `<input type="${element.attrs.type}" name="${name}">` : `<${element.tag} name="${name}">`;
  const guessed = submitted.unverified ? " (gtkit's reading; the element's output is not documented)" : '';
  // What follows, as sure as lint is of both sides.
  const unless = [
    ...(submitted.unverified ? ['it submits that'] : []),
    ...(valuesUnseen ? ['its values are plain text (lint cannot see them; a value holding a JSON object is decoded into it)'] : []),
    ...(decodes.certain ? [] : [`${field.reader} decodes it that way`]),
  ];
  const fitting = elementsSubmitting(decodes.shape).slice(0, 2);
  const use = fitting.length > 0 ? `use ${fitting.map((t) => `<${t} name="${name}">`).join(' or ')}` : `submit ${describeShape(decodes.shape)} under "${name}"`;
  return ctx.at(
    source.offset,
    'answer-shape',
    unless.length === 0 ? 'error' : 'warning',
    `${shown} submits ${describeShape(submitted)}${guessed}${renderedFor(origin)}, but ${decodes.by} decodes answerContent.${name} as ${describeShape(decodes.shape)}, so every object fails consolidation${unless.length > 0 ? ` if ${unless.join(' and ')}` : ''}`,
    decodes.certain
      ? `${use}, or write a custom ACS decoder for ${describeShape(submitted)} in acs.ts and list "${name}" in consolidation.answerFields of gtkit.config.ts`
      : `${use}, or make sure acs.ts decodes ${describeShape(submitted)} under "${name}"`,
  );
}
