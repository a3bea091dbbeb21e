import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import type { HandlerLogger } from '../../../lambdas/handlers/logger.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation, type TaskConsolidationOptions } from '../../../lambdas/task-types/consolidate.ts';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';

const payloadUri = 's3://b/p.json';

/** One batch through the ACS helper; `answers[i]` are object i's answers, by workers w0, w1, …. */
async function run(type: TaskTypeName, settings: TaskConsolidationOptions, answers: unknown[][], event: { labelCategories?: string[] } = {}) {
  const warnings: Array<[string, unknown]> = [];
  const logger: HandlerLogger = { ...silentLogger, warn: (message, extra) => warnings.push([message, extra]) };
  const payload = buildAcsPayload(answers.map((list, id) => ({ datasetObjectId: id, answers: list.map((answer, w) => ({ workerId: `w${w}`, answer })) })));
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  const response = await invokeAcs(acsHandler({ ...taskConsolidation(type, settings), store, logger }), buildAcsEvent({ payloadUri, ...event }));
  return { contents: response.map((e) => e.consolidatedAnnotation.content), warnings };
}

const single = (label: string) => ({ category: { label } });
const multi = (...labels: string[]) => ({ category: { labels } });
const boxes = (...labels: string[]) => ({ annotatedResult: { inputImageProperties: { width: 100, height: 100 }, boundingBoxes: labels.map((label, i) => ({ label, left: i * 30, top: 0, width: 20, height: 20 })) } });

describe('answers with labels outside the known ones are reported, never silently dropped', () => {
  it.each(['majority-vote', 'dawid-skene'] as const)('single label (%s): set aside with a note; the confidence is that of the one answer that counted', async (algorithm) => {
    const { contents, warnings } = await run('text-classification', { algorithm, labels: ['cat', 'dog'] }, [[single('Dog'), single('Dog'), single('cat')]]);
    expect(contents[0]).toEqual({
      label: 0,
      'label-metadata': { 'class-name': 'cat', confidence: 0, type: 'groundtruth/text-classification', 'consolidation-note': '2 of 3 answers set aside: label "Dog" is not one of cat, dog (w0, w1)' },
    });
    expect(warnings).toEqual([['answers with labels outside the known ones were set aside or counted without those labels', { objects: 1, setAside: 2, trimmed: 0, labels: ['Dog'], known: ['cat', 'dog'] }]]);
  });

  it("single label: the event's labelCategories are the known labels when the task has none; two answers that count keep their confidence", async () => {
    const { contents } = await run('text-classification', { algorithm: 'majority-vote' }, [[single('cat'), single('cat'), single('Dog')]], { labelCategories: ['cat', 'dog'] });
    expect(contents[0]?.['label-metadata']).toEqual({ 'class-name': 'cat', confidence: 1, type: 'groundtruth/text-classification', 'consolidation-note': '1 of 3 answers set aside: label "Dog" is not one of cat, dog (w2)' });
  });

  it('single label: an object whose every answer is unknown fails with the reason and keeps its raw answers', async () => {
    const { contents } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cat', 'dog'] }, [[single('Dog'), single('Bird')]]);
    expect(contents[0]?.label).toEqual({
      consolidationError: 'no answer has a known label: label "Dog" is not one of cat, dog (w0); label "Bird" is not one of cat, dog (w1)',
      rawAnnotations: [
        { workerId: 'w0', content: JSON.stringify(single('Dog')) },
        { workerId: 'w1', content: JSON.stringify(single('Bird')) },
      ],
    });
  });

  it('multi-label: unknown labels are ignored with a note; the known ones count, over every answer', async () => {
    const { contents } = await run('image-classification-multilabel', { algorithm: 'multi-label-vote', labels: ['cat', 'dog'] }, [[multi('cat', 'Dog'), multi('cat', 'Dog'), multi('Dog')]]);
    expect(contents[0]).toEqual({
      label: [0],
      'label-metadata': {
        'class-map': { 0: 'cat' },
        'confidence-map': { 0: 0.67 },
        type: 'groundtruth/image-classification-multilabel',
        'consolidation-note': '3 of 3 answers counted without these labels: label "Dog" is not one of cat, dog (w0, w1, w2)',
      },
    });
  });

  it('multi-label: answers naming only unknown labels are no answer, not a confident "none"', async () => {
    const { contents } = await run('image-classification-multilabel', { algorithm: 'multi-label-vote', labels: ['cat', 'dog'] }, [[multi('Dog'), multi('Dog')]]);
    expect((contents[0]?.label as { consolidationError: string }).consolidationError).toBe('no answer has a known label: label "Dog" is not one of cat, dog (w0, w1)');
  });

  it('boxes: boxes with unknown labels are left out with a note naming them, instead of class ids that differ from object to object', async () => {
    const { contents } = await run('bounding-box', { algorithm: 'box-merge', labels: ['car'] }, [
      [boxes('car', 'truck'), boxes('car', 'truck')],
      [boxes('bus', 'car'), boxes('bus', 'car')],
      [boxes('truck'), boxes('truck')],
    ]);
    expect(contents[0]).toEqual({
      label: { image_size: [{ width: 100, height: 100, depth: 3 }], annotations: [{ class_id: 0, left: 0, top: 0, width: 20, height: 20 }] },
      'label-metadata': { objects: [{ confidence: 1 }], 'class-map': { 0: 'car' }, type: 'groundtruth/object-detection', 'consolidation-note': '2 of 2 answers counted without these boxes: label "truck" is not one of car (w0, w1)' },
    });
    expect(contents[1]?.label).toEqual({ image_size: [{ width: 100, height: 100, depth: 3 }], annotations: [{ class_id: 0, left: 30, top: 0, width: 20, height: 20 }] });
    expect((contents[2]?.label as { consolidationError: string }).consolidationError).toBe('no answer has a known label: label "truck" is not one of car (w0, w1)');
  });
});
