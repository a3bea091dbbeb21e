import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { buildAcsEvent, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { taskTypeNames, type TaskTypeName } from '../../../lambdas/task-types/names.ts';
import { taskTypes } from '../../../lambdas/task-types/registry.ts';
import { answerNotes, keepsNote } from '../../../lambdas/task-types/answer-notes.ts';
import type { AcsPayloadObject } from '../../../lambdas/contracts/acs.ts';

const payloadUri = 's3://b/p.json';

/** The output content of each object of one batch: answers given as the objects Ground Truth stores as `content`. */
async function contentOf(type: TaskTypeName, labels: string[], objects: Array<Array<[string, unknown]>>, keepFields?: string[]) {
  const payload: AcsPayloadObject[] = objects.map((answers, i) => ({
    datasetObjectId: String(i),
    dataObject: { 's3Uri': `s3://b/img${i}.jpg` },
    annotations: answers.map(([workerId, answer]) => ({ workerId, annotationData: { content: JSON.stringify(answer) } })),
  }));
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  const event = buildAcsEvent({ payloadUri, labelCategories: labels, workersPerObject: 3 });
  const algorithm = type === 'image-classification' ? 'majority-vote' : type === 'image-classification-multilabel' ? 'multi-label-vote' : type === 'bounding-box' ? 'box-merge' : type === 'keypoint' ? 'keypoint-merge' : 'polygon-best-agreement';
  const consolidation = taskConsolidation(type, { algorithm, labels, ...(keepFields ? { keepFields } : {}) });
  const response = await invokeAcs(acsHandler({ ...consolidation, store, logger: silentLogger }), event, objects.map((_, i) => String(i)));
  return response.map((r) => r.consolidatedAnnotation.content as Record<string, unknown>);
}

const metadata = (content: Record<string, unknown> | undefined) => content?.['label-metadata'] as Record<string, unknown>;
const verdict = (label: string, workerComment?: string) => ({ category: { label, ...(workerComment === undefined ? {} : { workerComment }) } });

describe("worker-feedback: an image classifier's <worker-comment> in the output", () => {
  it('lists the non-blank comments of an object with their workers, in answer order, as label verification does', async () => {
    const [first, second] = await contentOf('image-classification', ['correct', 'wrong'], [
      [
        ['w1', verdict('wrong', 'pedestrian box too wide')],
        ['w2', verdict('correct', '   ')],
        ['w3', verdict('wrong', 'box misses the wheel')],
      ],
      [['w1', verdict('correct')], ['w2', verdict('correct', '')]],
    ]);
    expect(first?.label).toBe(1);
    expect(metadata(first)['worker-feedback']).toEqual([
      { 'worker-id': 'w1', comment: 'pedestrian box too wide' },
      { 'worker-id': 'w3', comment: 'box misses the wheel' },
    ]);
    // Blank comments only: no key at all.
    expect(metadata(second)).not.toHaveProperty('worker-feedback');
  });

  it('leaves an output without comments exactly as it was', async () => {
    const [plain] = await contentOf('image-classification', ['correct', 'wrong'], [[['w1', verdict('wrong')], ['w2', verdict('wrong')], ['w3', verdict('correct')]]]);
    expect(JSON.stringify(plain)).toBe('{"label":1,"label-metadata":{"class-name":"wrong","confidence":0.67,"type":"groundtruth/image-classification"}}');
  });

  it("keeps the multi-select image classifier's comment, and the comment of an answer whose label is not one of the task's", async () => {
    const [multi] = await contentOf('image-classification-multilabel', ['cat', 'dog'], [[['w1', { category: { labels: ['cat'], workerComment: 'a fox, maybe' } }], ['w2', { category: { labels: ['cat'] } }]]]);
    expect(metadata(multi)['worker-feedback']).toEqual([{ 'worker-id': 'w1', comment: 'a fox, maybe' }]);
    // The label "unsure" is set aside; what the worker wrote about the picture is still said.
    const [setAside] = await contentOf('image-classification', ['correct', 'wrong'], [[['w1', verdict('unsure', 'cannot see the box')], ['w2', verdict('correct')]]]);
    expect(metadata(setAside)['worker-feedback']).toEqual([{ 'worker-id': 'w1', comment: 'cannot see the box' }]);
    expect(metadata(setAside)['unknown-label-answers']).toHaveLength(1);
  });

  it('a comment typed as JSON comes back as text, not as the list the answer decoder made of it, with or without kept fields', async () => {
    for (const keep of [undefined, ['note']]) {
      const [object] = await contentOf('image-classification', ['correct', 'wrong'], [[['w1', { ...verdict('wrong', '[1, 2]'), note: 'x' }]]], keep);
      expect(metadata(object)['worker-feedback'], String(keep)).toEqual([{ 'worker-id': 'w1', comment: '[1,2]' }]);
    }
  });
});

describe('adjustment-status: whether the workers changed the initial value', () => {
  const boxes = (modified?: boolean, label = 'car') => ({
    annotatedResult: { boundingBoxes: [{ label, left: 10, top: 10, width: 50, height: 40 }], inputImageProperties: { width: 200, height: 100 }, ...(modified === undefined ? {} : { initialValueModified: modified }) },
  });

  it('is "adjusted" when a counted answer changed it, "unadjusted" when none did, and absent when no answer says', async () => {
    const [adjusted, unadjusted, silent] = await contentOf('bounding-box', ['car'], [
      [['w1', boxes(false)], ['w2', boxes(true)], ['w3', boxes(false)]],
      [['w1', boxes(false)], ['w2', boxes(false)]],
      [['w1', boxes()], ['w2', boxes()]],
    ]);
    expect(metadata(adjusted)['adjustment-status']).toBe('adjusted');
    expect(metadata(unadjusted)['adjustment-status']).toBe('unadjusted');
    expect(metadata(silent)).not.toHaveProperty('adjustment-status');
  });

  it('counts only the answers that were counted: a change in an answer set aside for its labels does not adjust', async () => {
    const [object] = await contentOf('bounding-box', ['car'], [[['w1', boxes(true, 'truck')], ['w2', boxes(false)], ['w3', boxes(false)]]]);
    expect(metadata(object)['adjustment-status']).toBe('unadjusted');
  });

  it('is kept for keypoints and polygons where their elements report it', async () => {
    const size = { width: 200, height: 100 };
    const [points] = await contentOf('keypoint', ['nose'], [[['w1', { annotatedResult: { keypoints: [{ label: 'nose', x: 5, y: 5 }], inputImageProperties: size, initialValueModified: true } }]]]);
    expect(metadata(points)['adjustment-status']).toBe('adjusted');
    const shape = { label: 'roof', vertices: [{ x: 1, y: 1 }, { x: 9, y: 1 }, { x: 9, y: 9 }] };
    const [shapes] = await contentOf('polygon', ['roof'], [[['w1', { annotatedResult: { polygons: [shape], inputImageProperties: size, initialValueModified: false } }]]]);
    expect(metadata(shapes)['adjustment-status']).toBe('unadjusted');
  });
});

describe('answerNotes: which types keep each note', () => {
  // A simulated answer of each type with both notes added to its element's answer: the parser
  // keeps a note exactly for the types answerNotes lists (lint's hint relies on the list).
  it.each(taskTypeNames.map((t) => [t] as const))('%s', (name) => {
    const type = taskTypes[name];
    const labels = ['cat', 'dog'];
    const taskInput = type.buildTaskInput(type.readsSourceText ? { source: 'a cat and a dog' } : { 'source-ref': 's3://b/x.jpg' }, labels.map((label) => ({ label })));
    const content = type.simulate({ taskInput, truth: undefined, worker: { id: 'w1', accuracy: 1, spammer: false }, random: () => 0.5, labels });
    const element = content[type.answerField];
    const noted = typeof element === 'object' && element !== null ? { ...content, [type.answerField]: { ...element, workerComment: 'a note', initialValueModified: true } } : content;
    const parsed = type.parseAnswer(noted) as Record<string, unknown>;
    for (const note of Object.keys(answerNotes) as Array<keyof typeof answerNotes>) {
      expect(typeof parsed === 'object' && parsed !== null && note in parsed, note).toBe(keepsNote(name, note));
    }
  });
});
