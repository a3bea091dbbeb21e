import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { ContractError } from '../../../lambdas/contracts/errors.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { checkConsolidationSettings, taskConsolidation, type TaskConsolidationOptions } from '../../../lambdas/task-types/consolidate.ts';
import { imageClassification, keypoint, namedEntity, textClassification, videoClassification } from '../../../lambdas/task-types/index.ts';
import { caught } from '../../helpers/errors.ts';

const payloadUri = 's3://b/p.json';

/** One text-classification batch through the ACS helper: object 0, where every worker answered `answer`. */
async function labelOf(settings: unknown, options: { answer?: string; labelCategories?: string[] | null; state?: unknown; type?: unknown } = {}) {
  const c = taskConsolidation((options.type ?? textClassification) as never, settings as TaskConsolidationOptions);
  const answers = ['w1', 'w2'].map((workerId) => ({ workerId, answer: { category: { label: options.answer ?? 'b' } } }));
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(buildAcsPayload([{ datasetObjectId: 0, answers }])) });
  const event = buildAcsEvent({ payloadUri, labelCategories: options.labelCategories });
  if (options.state !== undefined) await store.putText(`${event.outputConfig}/gtkit-state/consolidation.json`, JSON.stringify(options.state));
  const response = await invokeAcs(acsHandler({ store, logger: silentLogger, decode: c.decode, parseAnswer: c.parseAnswer, consolidateBatch: c.consolidateBatch }), event, ['0']);
  return response[0]?.consolidatedAnnotation.content;
}

describe('taskConsolidation settings from plain JavaScript', () => {
  it('labels given as a string are refused at cold start, instead of being split into characters', () => {
    const error = caught(() => taskConsolidation(textClassification, { algorithm: 'majority-vote', labels: 'a,b' as never }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toBe('consolidation settings for text-classification is not valid:\n  consolidation.labels: expected a list of labels, got string (the classes in order; ties go to the first)');
    expect(caught(() => taskConsolidation(textClassification, { algorithm: 'majority-vote', labels: ['a', 2] as never })).message).toBe(
      'consolidation settings for text-classification is not valid:\n  consolidation.labels: item 1: expected a non-empty string, got number (the classes in order; ties go to the first)',
    );
  });

  it('a label listed twice is refused at cold start, and by the config check behind gtkit lint, whatever the algorithm', () => {
    expect(checkConsolidationSettings(textClassification, { algorithm: 'dawid-skene', labels: ['cat', 'cat'] })).toEqual([{ path: 'consolidation.labels', problem: 'item 1: "cat" is listed twice (the classes in order; ties go to the first)' }]);
    expect(checkConsolidationSettings(namedEntity, { algorithm: 'span-vote', labels: ['x', 'x'] })).toEqual([{ path: 'consolidation.labels', problem: 'item 1: "x" is listed twice (the classes in order; ties go to the first)' }]);
    expect(caught(() => taskConsolidation(textClassification, { algorithm: 'majority-vote', labels: ['a', 'b', 'a'] })).message).toBe(
      'consolidation settings for text-classification is not valid:\n  consolidation.labels: item 2: "a" is listed twice (the classes in order; ties go to the first)',
    );
  });

  it('labels left out mean what an empty list means: the event\'s labelCategories, else the labels the answers use', async () => {
    expect(await labelOf({ algorithm: 'majority-vote' }, { labelCategories: ['a', 'b'] })).toEqual(await labelOf({ algorithm: 'majority-vote', labels: [] }, { labelCategories: ['a', 'b'] }));
    expect(await labelOf({ algorithm: 'majority-vote' }, { labelCategories: ['a', 'b'] })).toMatchObject({ label: '1', 'label-metadata': { 'class-name': 'b' } });
    expect(await labelOf({ algorithm: 'majority-vote' })).toMatchObject({ label: '0', 'label-metadata': { 'class-name': 'b' } });
    expect(await labelOf({ algorithm: 'majority-vote', labels: ['a', 'b'] })).toMatchObject({ label: '1' });
  });

  it('a task type may be given by its name; anything else is named', async () => {
    expect(await labelOf({ algorithm: 'majority-vote', labels: ['a', 'b'] }, { type: 'text-classification' })).toMatchObject({ label: '1' });
    const error = caught(() => taskConsolidation(undefined as never, { algorithm: 'majority-vote' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('taskConsolidation: expected a task type (e.g. textClassification from "gtkit/task-types") or its name (e.g. "text-classification"), got undefined');
    expect(caught(() => taskConsolidation('text-clasification' as never, { algorithm: 'majority-vote' })).message).toMatch(/^unknown task type "text-clasification"; use one of image-classification/);
    const noSettings = caught(() => taskConsolidation(textClassification, undefined as never));
    expect(noSettings).toBeInstanceOf(TypeError);
    expect(noSettings.message).toBe('taskConsolidation: expected settings { algorithm, options?, labels? }, got undefined');
  });

  // What can be seen from outside: labels the event repeats are one class each (index 1 for "b"
  // in ['a', 'a', 'b'], not 2), and keypoint-merge and a stateless algorithm with a carried state
  // left over still label the object.
  it('repeated event labels are one class each; the labels and a left-over carried state do not upset algorithms that take neither', async () => {
    const c = taskConsolidation(keypoint, { algorithm: 'keypoint-merge', labels: ['nose'] });
    const point = { annotatedResult: { keypoints: [{ label: 'nose', x: 10, y: 10 }], inputImageProperties: { width: 100, height: 100 } } };
    const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(buildAcsPayload([{ datasetObjectId: 0, answers: [{ workerId: 'w1', answer: point }, { workerId: 'w2', answer: point }] }])) });
    const content = (await invokeAcs(acsHandler({ store, logger: silentLogger, decode: c.decode, parseAnswer: c.parseAnswer, consolidateBatch: c.consolidateBatch }), buildAcsEvent({ payloadUri }), ['0']))[0]?.consolidatedAnnotation.content;
    expect(content?.label).toMatchObject({ keypoints: [{ label: 'nose', x: 10, y: 10 }] });
    expect(await labelOf({ algorithm: 'majority-vote', labels: ['a', 'b'] }, { state: { algorithm: 'majority-vote', junk: true } })).toMatchObject({ label: '1' });
    expect(await labelOf({ algorithm: 'majority-vote' }, { labelCategories: ['a', 'a', 'b'] })).toMatchObject({ label: '1', 'label-metadata': { 'class-name': 'b' } });
  });

  it('labels may be a readonly list (`as const`), and a misspelt algorithm name is a compile error as well as a cold-start one', async () => {
    expect(await labelOf({ algorithm: 'majority-vote', labels: ['a', 'b'] as const } satisfies TaskConsolidationOptions)).toMatchObject({ label: '1' });
    // @ts-expect-error 'majority-vot' is not an algorithm name
    const misspelt = caught(() => taskConsolidation(textClassification, { algorithm: 'majority-vot' }));
    expect(misspelt.message).toBe('consolidation settings for text-classification is not valid:\n  consolidation.algorithm: unknown algorithm "majority-vot"; for text-classification use majority-vote, weighted-vote, wawa, dawid-skene, dawid-skene-pooled, one-coin-dawid-skene');
  });

  it('video classification writes no `type`: its built-in type string is unverified (reference §5)', async () => {
    expect(await labelOf({ algorithm: 'majority-vote', labels: ['a', 'b'] }, { type: videoClassification })).toEqual({ label: 1, 'label-metadata': { 'class-name': 'b', confidence: 1 } });
  });

  // Reference §5: text classification's built-in value is shown only as "1"; image classification's as both 0 and "0".
  it('a class index is a numeric string for text classification, as its built-in output shows, and a number for image and video classification', async () => {
    const settings = { algorithm: 'majority-vote', labels: ['a', 'b'] };
    expect(await labelOf(settings)).toMatchObject({ label: '1', 'label-metadata': { 'class-name': 'b', type: 'groundtruth/text-classification' } });
    expect(await labelOf(settings, { type: imageClassification })).toMatchObject({ label: 1, 'label-metadata': { 'class-name': 'b', type: 'groundtruth/image-classification' } });
    expect(await labelOf(settings, { type: videoClassification })).toMatchObject({ label: 1 });
  });
});
