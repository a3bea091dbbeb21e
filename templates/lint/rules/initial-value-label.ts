import { labelText, parseLenientValue } from '../../elements/attributes.ts';
import { FindingSet, hasLiquidInTag, judgedElements, renderedFor } from '../documents.ts';
import type { LintRule } from '../types.ts';

/** Elements whose initial-value shapes must use labels from `labels` (reference §4.2), and how to read those labels. */
const initialLabels: Record<string, (initialValue: unknown) => unknown[]> = {
  'crowd-keypoint': (v) => (Array.isArray(v) ? v.map((point: unknown) => (point as { label?: unknown } | null)?.label) : []),
};


/**
 * crowd-keypoint's initial-value may only place points with labels from its `labels`. Both
 * attributes are often built from task.input, so they are judged together: on the source when
 * both are written out, else on each rendered page. Values that do not parse are
 * unparseable-attribute's to report.
 */
export const initialValueLabel: LintRule = {
  id: 'initial-value-label',
  description: 'initial-value labels that are not in labels (crowd-keypoint)',
  check(ctx) {
    const out = new FindingSet();
    const attrs = ['labels', 'initial-value'];
    for (const { element, source, origin } of judgedElements(ctx)) {
      const read = initialLabels[element.tag];
      if (!read) continue;
      const conditional = hasLiquidInTag(ctx, source);
      if (!conditional && attrs.some((a) => source.attrs[a] === undefined)) continue; // no initial-value, or no labels (required-attribute's)
      const fromLiquid = conditional || attrs.some((a) => source.dynamic.has(a));
      if (origin === undefined ? fromLiquid : !fromLiquid) continue; // each pair is judged once, where it is known
      const labels = parseLenientValue(element.attrs.labels ?? '');
      const initial = parseLenientValue(element.attrs['initial-value'] ?? '');
      if (!labels.ok || !initial.ok || !Array.isArray(labels.value)) continue;
      // As the stand-ins read them: labels through labelText, an initial label as its text (a missing one is "").
      const known = new Set(labels.value.map(labelText).filter((l): l is string => l !== undefined));
      const unknown = [...new Set(read(initial.value).map((l) => String(l ?? '')).filter((l) => !known.has(l)))];
      if (unknown.length === 0) continue;
      const shown = unknown.map((l) => JSON.stringify(l)).join(', ');
      const names = [...known].map((l) => JSON.stringify(l) ?? String(l));
      const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
      out.add(String(source.offset), () =>
        ctx.at(
          ctx.attributeOffset(source.offset, 'initial-value'),
          'initial-value-label',
          'error',
          `initial-value of <${element.tag}> uses label${unknown.length === 1 ? '' : 's'} ${shown}${renderedFor(origin)}, which ${unknown.length === 1 ? 'is' : 'are'} not in its labels (${listed || 'none'}); initial labels must be among the labels`,
          `add ${shown} to labels, or use only labels listed there in initial-value`,
        ),
      );
    }
    return out.list;
  },
};
