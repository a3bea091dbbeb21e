import type { AnswerShape } from '../../../lambdas/task-types/answer-shape.ts';
import { FindingSet, judgedElements, renderedFor, type JudgedElement } from '../documents.ts';
import { fieldKind } from '../fields.ts';
import { describeShape, elementsSubmitting, shapeFits, submittedShape } from '../submitted-shape.ts';
import type { AnswerFieldExpectation, LintContext, LintFinding, LintRule } from '../types.ts';

/**
 * The element submitting a field the ACS reads must submit the shape the ACS decodes:
 * `<select name="category">` submits a string where the text-classification ACS decodes
 * `{"label": …}`, so every object fails consolidation, while the template lints, renders and
 * passes `gtkit run --simulate` (which makes its answers up from the task type). An error when
 * the task type's own ACS reads the field; a warning when a hand-written acs.ts reads it (it may
 * decode it otherwise) or when what the element submits is gtkit's guess (crowd-slider, native
 * checkboxes and radios). A name written with Liquid is judged on the rendered pages.
 */
export const answerShape: LintRule = {
  id: 'answer-shape',
  description: 'the element submitting an answer field submits the shape the ACS decodes (e.g. {"label": …}, not a string)',
  check(ctx) {
    const decoded = (ctx.answerFields ?? []).filter((f) => f.decodes);
    if (decoded.length === 0) return [];
    const out = new FindingSet();
    for (const judged of judgedElements(ctx)) {
      const { element, source, origin } = judged;
      const name = element.attrs.name;
      // Each element is judged once: on the source when its name is written out, else on the renders.
      const nameFromLiquid = source.dynamic.has('name') || source.attrs.name === undefined;
      if (name === undefined || (origin === undefined ? nameFromLiquid : !nameFromLiquid) || !fieldKind(element)) continue;
      const field = decoded.find((f) => f.name === name);
      const submitted = submittedShape(element);
      if (!field?.decodes || !submitted || shapeFits(submitted, field.decodes.shape)) continue;
      out.add(`${name}:${element.tag}:${submitted.kind}`, () => mismatch(ctx, judged, field, submitted));
    }
    return out.list;
  },
};

function mismatch(ctx: LintContext, { element, source, origin }: JudgedElement, field: AnswerFieldExpectation, submitted: AnswerShape): LintFinding {
  const { name } = field;
  const decodes = field.decodes as NonNullable<AnswerFieldExpectation['decodes']>;
  const shown = element.tag === 'input' && element.attrs.type ? `<input type="${element.attrs.type}" name="${name}">` : `<${element.tag} name="${name}">`;
  const guessed = submitted.unverified ? " (gtkit's reading; the element's output is not documented)" : '';
  // What follows, as sure as lint is of both sides.
  const unless = [...(submitted.unverified ? ['it submits that'] : []), ...(decodes.certain ? [] : [`${field.reader} decodes it that way`])];
  const fitting = elementsSubmitting(decodes.shape).slice(0, 2);
  const use = fitting.length > 0 ? `use ${fitting.map((t) => `<${t} name="${name}">`).join(' or ')}` : `submit ${describeShape(decodes.shape)} under "${name}"`;
  return ctx.at(
    source.offset,
    'answer-shape',
    decodes.certain && !submitted.unverified ? 'error' : 'warning',
    `${shown} submits ${describeShape(submitted)}${guessed}${renderedFor(origin)}, but ${decodes.by} decodes answerContent.${name} as ${describeShape(decodes.shape)}, so every object fails consolidation${unless.length > 0 ? ` if ${unless.join(' and ')}` : ''}`,
    decodes.certain
      ? `${use}, or write a custom ACS decoder for ${describeShape(submitted)} in acs.ts and list "${name}" in consolidation.answerFields of gtkit.config.ts`
      : `${use}, or make sure acs.ts decodes ${describeShape(submitted)} under "${name}"`,
  );
}
