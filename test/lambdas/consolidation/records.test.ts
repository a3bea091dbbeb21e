import { describe, expect, it } from 'vitest';
import {
  boxMerge,
  dawidSkene,
  dawidSkenePooled,
  iou,
  keypointMerge,
  majorityVote,
  multiLabelVote,
  numberMedian,
  oneCoinDawidSkene,
  polygonBestAgreement,
  polylineBestAgreement,
  spanVote,
  textMedoid,
  wawa,
  weightedVote,
} from '../../../lambdas/consolidation/index.ts';
import { ContractError } from '../../../lambdas/contracts/errors.ts';
import { messageOf } from '../../helpers/errors.ts';

const classAlgorithms = [majorityVote, weightedVote, wawa, dawidSkene, dawidSkenePooled, oneCoinDawidSkene];
/** Calls an algorithm as plain JavaScript would: no types in the way. */
const run = (algorithm: { consolidate: (...args: never[]) => unknown }, records: unknown, options?: unknown) => () => (algorithm.consolidate as (r: unknown, o?: unknown) => unknown)(records, options);

const typeError = messageOf(TypeError);

describe('records are checked before an algorithm runs', () => {
  it('class answers: an object is refused with what to pass, instead of becoming the class "[object Object]"', () => {
    const records = [
      { item: 'i', worker: 'w1', answer: { label: 'cat' } },
      { item: 'i', worker: 'w2', answer: { label: 'dog' } },
    ];
    for (const algorithm of classAlgorithms) {
      expect(typeError(run(algorithm, records)), algorithm.name).toBe('records[0].answer: expected a class label (a string), got object; pass the label, e.g. answer: "cat"');
    }
    expect(typeError(run(majorityVote, [{ item: 'i', worker: 'w' }]))).toBe('records[0].answer: expected a class label (a string), got undefined; pass the label, e.g. answer: "cat"');
  });

  it('records that are not an array of records, and records without string ids, are named', () => {
    expect(typeError(run(majorityVote, 'abc'))).toBe('records: expected an array of { item, worker, answer } records, got string');
    expect(typeError(run(boxMerge, undefined))).toBe('records: expected an array of { item, worker, answer } records, got undefined');
    expect(typeError(run(textMedoid, [{ item: 'i', worker: 'w', answer: 'a' }, 'b']))).toBe('records[1]: expected a record { item, worker, answer }, got string');
    expect(typeError(run(majorityVote, [{ item: 1, worker: 'w', answer: 'a' }]))).toBe("records[0].item: expected the item's id (a string), got number");
    expect(typeError(run(numberMedian, [{ item: 'i', answer: 3 }]))).toBe("records[0].worker: expected the worker's id (a string), got undefined");
  });

  it('multi-label answers are lists of labels', () => {
    expect(typeError(run(multiLabelVote, [{ item: 'i', worker: 'w', answer: 'cat' }]))).toBe('records[0].answer: expected a list of labels (an array of strings), got string; pass the chosen labels, e.g. answer: ["cat", "dog"]');
    expect(typeError(run(multiLabelVote, [{ item: 'i', worker: 'w', answer: ['cat', 3] }]))).toBe('records[0].answer[1]: expected a label (a string), got number; pass the chosen labels, e.g. answer: ["cat", "dog"]');
  });

  it("geometry and span answers: the object, its list, each part and each part's label; Ground Truth's field names are pointed out", () => {
    const boxHint = 'pass e.g. answer: { boxes: [{ label: "car", left: 10, top: 20, width: 50, height: 40 }], imageSize: { width: 640, height: 480 } }';
    expect(typeError(run(boxMerge, [{ item: 'i', worker: 'w', answer: 'box' }]))).toBe(`records[0].answer: expected an object { boxes, imageSize? }, got string; ${boxHint}`);
    expect(typeError(run(boxMerge, [{ item: 'i', worker: 'w', answer: { boundingBoxes: [] } }]))).toBe(`records[0].answer.boxes: expected an array of boxes, got undefined (Ground Truth's boundingBoxes go in boxes); ${boxHint}`);
    expect(typeError(run(boxMerge, [{ item: 'i', worker: 'w', answer: { boxes: [null] } }]))).toBe(`records[0].answer.boxes[0]: expected a box { label, left, top, width, height }, got null; ${boxHint}`);
    expect(typeError(run(boxMerge, [{ item: 'i', worker: 'w', answer: { boxes: [{ label: 3, left: 0, top: 0, width: 1, height: 1 }] } }]))).toBe(`records[0].answer.boxes[0].label: expected a string, got number; ${boxHint}`);
    expect(typeError(run(boxMerge, [{ item: 'i', worker: 'w', answer: { boxes: [], imageSize: '640x480' } }]))).toBe(`records[0].answer.imageSize: expected an object { width, height }, got string; ${boxHint}`);
    expect(typeError(run(keypointMerge, [{ item: 'i', worker: 'w', answer: {} }]))).toBe(
      'records[0].answer.keypoints: expected an array of keypoints, got undefined; pass e.g. answer: { keypoints: [{ label: "nose", x: 120, y: 80 }], imageSize: { width: 640, height: 480 } }',
    );
    const shapeHint = 'pass e.g. answer: { shapes: [{ label: "roof", vertices: [{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 40 }] }] }';
    for (const algorithm of [polygonBestAgreement, polylineBestAgreement]) {
      expect(typeError(run(algorithm, [{ item: 'i', worker: 'w', answer: { polygons: [] } }]))).toBe(`records[0].answer.shapes: expected an array of shapes, got undefined (Ground Truth's polygons go in shapes); ${shapeHint}`);
    }
    expect(typeError(run(polygonBestAgreement, [{ item: 'i', worker: 'w', answer: { shapes: [{ label: 'roof', vertices: 'x' }] } }]))).toBe(`records[0].answer.shapes[0].vertices: expected an array of vertices { x, y }, got string; ${shapeHint}`);
    expect(typeError(run(polygonBestAgreement, [{ item: 'i', worker: 'w', answer: { shapes: [{ label: 'roof', vertices: [{ x: 0, y: 0 }, null] }] } }]))).toBe(`records[0].answer.shapes[0].vertices[1]: expected a vertex { x, y }, got null; ${shapeHint}`);
    expect(typeError(run(spanVote, [{ item: 'i', worker: 'w', answer: 'x' }]))).toBe('records[0].answer: expected an object { entities }, got string; pass e.g. answer: { entities: [{ label: "person", startOffset: 0, endOffset: 5 }] }');
  });

  it('what the algorithms judge themselves still goes through: odd numbers, a missing or null image size, non-text free text', () => {
    const box = { label: 'car', left: Number.NaN, top: 1e308, width: Number.POSITIVE_INFINITY, height: -5 };
    expect(boxMerge.consolidate([{ item: 'i', worker: 'w', answer: { boxes: [box], imageSize: null as never } }]).items[0]).toMatchObject({ item: 'i', label: [] });
    expect(keypointMerge.consolidate([{ item: 'i', worker: 'w', answer: { keypoints: [{ label: 'nose', x: Number.NaN, y: 0 }] } }]).items[0]).toMatchObject({ item: 'i', label: [] });
    expect(textMedoid.consolidate([{ item: 'i', worker: 'w', answer: 5 as never }]).items[0]).toMatchObject({ item: 'i', label: null, reason: 'no usable answers' });
    expect(numberMedian.consolidate([{ item: 'i', worker: 'w', answer: '5' as never }]).items[0]).toMatchObject({ item: 'i', label: null, reason: 'no answer is a finite number' });
  });
});

describe('options are checked on direct calls, with the messages of the config check', () => {
  const contractError = messageOf(ContractError);
  const boxes = [{ item: 'i', worker: 'w', answer: { boxes: [{ label: 'a', left: 0, top: 0, width: 10, height: 10 }] } }];

  it('a value out of range, of the wrong type, or a name the algorithm does not take', () => {
    expect(contractError(run(boxMerge, boxes, { iouThreshold: 5 }))).toBe('box-merge options is not valid:\n  options.iouThreshold: expected a number at least 0 and at most 1, got 5 (the least IoU for a box to join a cluster)');
    expect(contractError(run(majorityVote, [], { labels: 'cat' }))).toBe('majority-vote options is not valid:\n  options.labels: expected a list of labels, got string (the classes in order; ties go to the first)');
    expect(contractError(run(dawidSkene, [], { maxIterations: '10' }))).toBe('dawid-skene options is not valid:\n  options.maxIterations: expected a number, got string "10" (the most EM iterations)');
    expect(contractError(run(majorityVote, [], { prior: {} }))).toBe('majority-vote options is not valid:\n  options.prior: not an option of this algorithm; it takes labels');
    expect(contractError(run(boxMerge, [], 'fast'))).toBe('box-merge options is not valid:\n  options: expected an object of options, got string');
  });

  it("a carried prior goes through the algorithm's own state check", () => {
    expect(contractError(run(dawidSkene, [{ item: 'i', worker: 'w', answer: 'a' }], { prior: 'garbage' }))).toBe(
      'dawid-skene options is not valid:\n  options.prior: the carried dawid-skene state does not fit: (root): expected an object, got string',
    );
    const state = dawidSkene.consolidate([{ item: 'i', worker: 'w', answer: 'a' }]).state;
    expect(dawidSkene.consolidate([{ item: 'j', worker: 'w', answer: 'a' }], { prior: state }).items[0]?.label).toBe('a');
  });
});

describe('iou', () => {
  it('names a missing box or coordinate instead of returning NaN', () => {
    expect(typeError(() => iou({} as never, {} as never))).toBe('iou: a.left: expected a number, got undefined; pass boxes as { left, top, width, height }');
    expect(typeError(() => iou(null as never, { left: 0, top: 0, width: 1, height: 1 }))).toBe('iou: a: expected a box { left, top, width, height }, got null');
    expect(typeError(() => iou({ left: 0, top: 0, width: 1, height: 1 }, { left: '0', top: 0, width: 1, height: 1 } as never))).toBe('iou: b.left: expected a number, got string; pass boxes as { left, top, width, height }');
    expect(iou({ left: 0, top: 0, width: 10, height: 10 }, { left: 5, top: 0, width: 10, height: 10 })).toBeCloseTo(1 / 3, 12);
  });
});
