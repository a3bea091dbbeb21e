import { describe, expect, it } from 'vitest';
import { screenAnswers, screensLabels, unknownLabelEffect } from '../../../lambdas/task-types/known-labels.ts';
import type { AnswerKind } from '../../../lambdas/consolidation/types.ts';

const known = new Set(['cat']);
const mark = (label: string) => ({ label, left: 0, top: 0, width: 1, height: 1, x: 0, y: 0, vertices: [], startOffset: 0, endOffset: 1 });
/** Each screened kind, the answer field lint finds it under, and an answer of it with the given labels. */
const kinds: Array<[AnswerKind, string, (labels: string[]) => unknown]> = [
  ['class', 'label', ([label]) => ({ label })],
  ['multi-label', 'labels', (labels) => ({ labels })],
  ['box', 'boundingBoxes', (labels) => ({ boundingBoxes: labels.map(mark) })],
  ['keypoint', 'keypoints', (labels) => ({ keypoints: labels.map(mark) })],
  ['polygon', 'polygons', (labels) => ({ polygons: labels.map(mark) })],
  ['span', 'entities', (labels) => ({ entities: labels.map(mark) })],
];

describe("unknownLabelEffect: lint's words for what the screen does, from the same table", () => {
  it.each(kinds)('%s (%s): says "sets aside" exactly when the screen sets aside an answer with only an unknown label, and "drops" when it counts one without it', (kind, field, answer) => {
    const effect = unknownLabelEffect(field, 'it');
    const screen = (labels: string[]) => screenAnswers(kind, [{ workerId: 'w0', answer: answer(labels) }], known);
    expect(effect?.includes('sets aside')).toBe(screen(['dog'])?.setAsideAnswers.length === 1);
    // An answer with a known label beside the unknown one (a single label has room for one: the known one, nothing to trim).
    expect(effect?.startsWith('drops')).toBe(screen(['cat', 'dog'])?.trimmed === 1);
  });

  it('undefined for a field no task type screens, such as crowd-polyline answers', () => {
    expect(screensLabels('polyline')).toBe(false);
    expect(unknownLabelEffect('polylines', 'it')).toBeUndefined();
    expect(unknownLabelEffect('inputImageProperties', 'it')).toBeUndefined();
  });
});
