import type { AnswerShape } from '../../elements/spec.ts';
import { attributeValues, renderedFor, settled } from '../documents.ts';
import { FieldValues } from '../field-values.ts';
import { fieldKind, isNativeControl, shareClass } from '../fields.ts';
import type { BranchPlace } from '../liquid-scan.ts';
import { describeShape, elementsSubmitting, shapeFits, submittedShape } from '../submitted-shape.ts';
import type { AnswerFieldExpectation, LintContext, LintDocument, LintElement, LintFinding, PageRule } from '../types.ts';

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
export const answerShape: PageRule = {
  id: 'answer-shape',
  description: 'the element submitting an answer field submits the shape the ACS decodes (e.g. {"label": …}, not a string)',
  checkPages(ctx) {
    const decoded = (ctx.answerFields ?? []).filter((f) => f.decodes);
    if (decoded.length === 0) return settled([]);
    const values = new FieldValues();
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
    // Per place, the candidates for its one finding in the order they were met. A native text
    // field's shape waits for its values from every page; once a candidate is sure, none after
    // it can be first, so the place takes no more.
    const places = new Map<string, Candidate[]>();
    const judge = (doc: LintDocument) => {
      for (const judged of attributeValues(ctx, () => ['name'], doc)) {
        const { element, source, value: name } = judged;
        const field = decoded.find((f) => f.name === name);
        const decodes = field?.decodes;
        if (!field || !decodes || !fieldKind(element)) continue;
        const submitted = submittedShape(element);
        const waits = submitted?.kind === 'text' && decodes.nestedJson === true && isNativeControl(element);
        if (!waits && (!submitted || shapeFits(submitted, decodes.shape))) continue;
        const key = placeKey(source);
        const list = places.get(key) ?? [];
        places.set(key, list);
        if (list.at(-1)?.sure) continue;
        // The same field waiting again ends the same way as the first time: the first is kept.
        if (waits && list.some((c) => !c.sure && c.source === source && c.field === field)) continue;
        // What the message needs of the element, not the element: it holds its page.
        const named = { tag: element.tag, type: element.attrs.type };
        list.push({ source, origin: judged.origin, element: named, field, submitted: submitted as AnswerShape, sure: !waits });
      }
    };
    values.add(ctx.sourceDocument, true);
    judge(ctx.sourceDocument);
    return {
      page(page) {
        values.add(page, false);
        judge(page);
      },
      findings({ pages }) {
        // One per place; lintTemplate sorts all findings by place.
        const found: LintFinding[] = [];
        for (const list of places.values()) {
          for (const c of list) {
            const decodes = c.field.decodes as NonNullable<AnswerFieldExpectation['decodes']>;
            let submitted: AnswerShape | undefined = c.submitted;
            let valuesUnseen = false;
            if (!c.sure) {
              const shape = values.decodedShape(c.source, pages);
              if (shape === 'unseen') valuesUnseen = true;
              else submitted = shape;
            }
            if (!submitted || shapeFits(submitted, decodes.shape)) continue;
            found.push(mismatch(ctx, c, submitted, valuesUnseen));
            break;
          }
        }
        return found;
      },
    };
  },
};

/** A field that may be the one its place reports: sure, or waiting for its values from every page. */
interface Candidate {
  source: LintElement;
  origin: string | undefined;
  /** The rendered element's tag and type, for the message. */
  element: { tag: string; type: string | undefined };
  field: AnswerFieldExpectation;
  submitted: AnswerShape;
  sure: boolean;
}

function mismatch(ctx: LintContext, { source, origin, element, field }: Candidate, submitted: AnswerShape, valuesUnseen: boolean): LintFinding {
  const { name } = field;
  const decodes = field.decodes as NonNullable<AnswerFieldExpectation['decodes']>;
  const shown = element.tag === 'input' && element.type ? `<input type="${element.type}" name="${name}">` : `<${element.tag} name="${name}">`;
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
      ? `${use}, or write a custom ACS decoder for ${describeShape(submitted)} in ${ctx.taskFiles.acs} and list "${name}" in consolidation.answerFields of ${ctx.taskFiles.config}`
      : `${use}, or make sure ${ctx.taskFiles.acs} decodes ${describeShape(submitted)} under "${name}"`,
  );
}
