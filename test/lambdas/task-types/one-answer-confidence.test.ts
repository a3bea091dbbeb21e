import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { buildAcsEvent, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import type { AcsPayloadObject } from '../../../lambdas/contracts/acs.ts';

const payloadUri = 's3://b/p.json';
const single = (label: string) => JSON.stringify({ category: { label } });
const box = JSON.stringify({ annotatedResult: { inputImageProperties: { width: 100, height: 100 }, boundingBoxes: [{ label: 'car', left: 10, top: 10, width: 20, height: 20 }] } });

/** One object of a three-worker job, its answers as Ground Truth encodes them (`content` strings). */
async function metadataOf(type: 'text-classification' | 'bounding-box', algorithm: 'majority-vote' | 'dawid-skene' | 'box-merge', answers: Array<[string, string]>) {
  const payload: AcsPayloadObject[] = [{ datasetObjectId: '0', dataObject: { content: 'x' }, annotations: answers.map(([workerId, content]) => ({ workerId, annotationData: { content } })) }];
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  const event = buildAcsEvent({ payloadUri, labelCategories: ['cat', 'dog', 'car'], workersPerObject: 3 });
  const response = await invokeAcs(acsHandler({ ...taskConsolidation(type, { algorithm }), store, logger: silentLogger }), event, ['0']);
  return response[0]?.consolidatedAnnotation.content['label-metadata'] as Record<string, unknown>;
}

describe('an object decided by one answer reports confidence 0, as one worker does (§6), whatever left the others out', () => {
  it.each(['majority-vote', 'dawid-skene'] as const)('%s: one worker answered before the task expired', async (algorithm) => {
    expect((await metadataOf('text-classification', algorithm, [['w1', single('cat')]])).confidence).toBe(0);
  });

  it.each(['majority-vote', 'dawid-skene'] as const)('%s: the other answers did not parse or had no label', async (algorithm) => {
    expect((await metadataOf('text-classification', algorithm, [['w1', single('cat')], ['w2', '{not json'], ['w3', '{"category":{}}']])).confidence).toBe(0);
  });

  it('a worker who answered twice is one answer', async () => {
    expect((await metadataOf('text-classification', 'majority-vote', [['w1', single('dog')], ['w1', single('cat')]])).confidence).toBe(0);
  });

  it('object detection: each box of a one-answer object', async () => {
    expect((await metadataOf('bounding-box', 'box-merge', [['w1', box], ['w2', '{bad']])).objects).toEqual([{ confidence: 0 }]);
  });

  it("two answers that count keep the vote's confidence", async () => {
    expect((await metadataOf('text-classification', 'majority-vote', [['w1', single('cat')], ['w2', single('cat')], ['w3', '{bad']])).confidence).toBe(1);
  });
});
