import { parseLenientValue } from '../../elements/attributes.ts';
import { eachDocument, hasLiquidInTag, judgedElements, renderedFor } from '../documents.ts';
import { elementLabels, quotedList } from '../label-lists.ts';
import type { PageRule } from '../types.ts';

const labelsOf = (list: unknown): unknown[] => (Array.isArray(list) ? list.map((shape: unknown) => (shape as { label?: unknown } | null)?.label) : []);
const listUnder = (key: string) => (v: unknown) => labelsOf(Array.isArray(v) ? v : (v as Record<string, unknown> | null)?.[key]);

/** The two attributes judged together. */
const attrs = ['labels', 'initial-value'];

/**
 * Elements whose initial-value shapes carry labels, how to read those labels (as the stand-ins
 * read the attribute), and how sure the rule is. The reference states it for crowd-keypoint
 * only (§4.2), so there it is an error; for the other tools it is the stand-ins' rule (they flag
 * such a shape in the preview) and a warning, since what Ground Truth does with it is not
 * documented.
 */
const initialLabels: Record<string, { read: (initialValue: unknown) => unknown[]; severity: 'error' | 'warning' }> = {
  'crowd-keypoint': { read: labelsOf, severity: 'error' },
  'crowd-bounding-box': { read: labelsOf, severity: 'warning' },
  'crowd-polygon': { read: listUnder('polygons'), severity: 'warning' },
  'crowd-line': { read: listUnder('lines'), severity: 'warning' },
  'crowd-polyline': { read: listUnder('polylines'), severity: 'warning' },
  'crowd-semantic-segmentation': {
    read: (v) => {
      const mappings = (v as { labelMappings?: unknown } | null)?.labelMappings;
      return mappings !== null && typeof mappings === 'object' && !Array.isArray(mappings) ? Object.keys(mappings) : [];
    },
    severity: 'warning',
  },
};

/**
 * An initial-value that places shapes with labels not in the element's `labels`. Both
 * attributes are often built from task.input, so they are judged together: on the source when
 * both are written out, else on each rendered page. Values that do not parse are
 * unparseable-attribute's to report.
 */
export const initialValueLabel: PageRule = {
  id: 'initial-value-label',
  description: 'initial-value labels that are not in labels (keypoint; bounding box, polygon, line, polyline and semantic segmentation as warnings)',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const { element, source, origin } of judgedElements(ctx, doc)) {
        const rule = initialLabels[element.tag];
        if (!rule) continue;
        const conditional = hasLiquidInTag(ctx, source);
        if (!conditional && attrs.some((a) => source.attrs[a] === undefined)) continue; // no initial-value, or no labels (required-attribute's)
        const fromLiquid = conditional || attrs.some((a) => source.dynamic.has(a));
        if (origin === undefined ? fromLiquid : !fromLiquid) continue; // each pair is judged once, where it is known
        const labels = elementLabels(element, 'labels');
        const initial = parseLenientValue(element.attrs['initial-value'] ?? '');
        if (!labels || !initial.ok) continue;
        // As the stand-ins read them: an initial label as its text (a missing one is "").
        const known = new Set(labels);
        const unknown = [...new Set(rule.read(initial.value).map((l) => String(l ?? '')).filter((l) => !known.has(l)))];
        if (unknown.length === 0) continue;
        const shown = quotedList(unknown);
        const listed = quotedList(labels);
        out.add(String(source.offset), () =>
          ctx.at(
            ctx.attributeOffset(source.offset, 'initial-value'),
            'initial-value-label',
            rule.severity,
            `initial-value of <${element.tag}> uses label${unknown.length === 1 ? '' : 's'} ${shown}${renderedFor(origin)}, which ${unknown.length === 1 ? 'is' : 'are'} not in its labels (${listed || 'none'}); ${rule.severity === 'error' ? 'initial labels must be among the labels' : 'workers cannot pick that label, and what Ground Truth does with such a shape is not documented'}`,
            `add ${shown} to labels, or use only labels listed there in initial-value`,
          ),
        );
      }
    });
  },
};
