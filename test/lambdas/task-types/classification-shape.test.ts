import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { buildAcsEvent, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../../lambdas/task-types/index.ts';

const multiSelect = { category: { labels: ['cat', 'dog'] } };
const singleSelect = { category: { label: 'cat' } };

describe('classification parsers: an answer of the other shape is named as such, not by a missing field', () => {
  it.each(['image-classification', 'text-classification', 'video-classification'] as const)('%s refuses a multi-select answer in words that say what it is and what the type takes', (name) => {
    expect(() => getTaskType(name).parseAnswer(multiSelect)).toThrow(new Error(`answer.category: expected one label {"label": "…"}, which ${name} takes, got a multi-select answer {"labels": […]}`));
  });

  it.each(['image-classification-multilabel', 'text-classification-multilabel'] as const)('%s refuses a single-select answer the same way', (name) => {
    expect(() => getTaskType(name).parseAnswer(singleSelect)).toThrow(new Error(`answer.category: expected a list of labels {"labels": […]}, which ${name} takes, got a single-select answer {"label": "…"}`));
  });

  it('other mistakes keep the field readers\' words: a label of the wrong type, neither field, or both fields is no answer of the other shape', () => {
    const single = getTaskType('text-classification');
    const multi = getTaskType('text-classification-multilabel');
    expect(() => single.parseAnswer({ category: { label: 3 } })).toThrow(new Error('answer.category.label: expected a string, got number'));
    expect(() => single.parseAnswer({ category: {} })).toThrow(new Error('answer.category.label: expected a string, got undefined'));
    expect(() => multi.parseAnswer({ category: { labels: 'cat' } })).toThrow(new Error('answer.category.labels: expected an array, got string "cat"'));
    expect(() => multi.parseAnswer({ category: {} })).toThrow(new Error('answer.category.labels: expected an array, got undefined'));
    // An answer holding both fields has what either type reads: parsed as before.
    expect(single.parseAnswer({ category: { label: 'cat', labels: ['dog'] } })).toEqual({ label: 'cat' });
    expect(multi.parseAnswer({ category: { label: 'cat', labels: ['dog'] } })).toEqual({ labels: ['dog'] });
  });

  it("the ACS's consolidationError carries it, once for all the object's answers", async () => {
    const payloadUri = 's3://b/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/p.json';
    const answers = [multiSelect, { category: { labels: ['dog'] } }];
    const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify([{ datasetObjectId: '0', annotations: answers.map((a, i) => ({ workerId: `w${i}`, annotationData: { content: JSON.stringify(a) } })) }]) });
    const type = getTaskType('text-classification');
    const handler = acsHandler({ store, logger: silentLogger, ...taskConsolidation(type, { algorithm: 'majority-vote', labels: ['cat', 'dog'] }) });
    const [entry] = await invokeAcs(handler, buildAcsEvent({ payloadUri }), ['0']);
    const label = entry?.consolidatedAnnotation.content.label as { consolidationError?: string };
    expect(label.consolidationError).toContain(
      'annotations[0–1].annotationData.content: answer.category: expected one label {"label": "…"}, which text-classification takes, got a multi-select answer {"labels": […]}',
    );
  });
});
