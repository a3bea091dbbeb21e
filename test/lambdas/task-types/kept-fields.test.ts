import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { buildAcsEvent, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import type { AcsPayloadObject } from '../../../lambdas/contracts/acs.ts';
import { caught } from '../../helpers/errors.ts';

const payloadUri = 's3://b/p.json';

/** The metadata of each object of one batch: answers given as the objects Ground Truth stores as `content`. */
async function metadataOf(objects: Array<Array<[string, unknown]>>, keepFields?: string[]) {
  const payload: AcsPayloadObject[] = objects.map((answers, i) => ({
    datasetObjectId: String(i),
    dataObject: { source: `text ${i}` },
    annotations: answers.map(([workerId, answer]) => ({ workerId, annotationData: { content: JSON.stringify(answer) } })),
  }));
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  const event = buildAcsEvent({ payloadUri, labelCategories: ['a', 'b'], workersPerObject: 3 });
  const consolidation = taskConsolidation('text-classification', { algorithm: 'majority-vote', labels: ['a', 'b'], ...(keepFields ? { keepFields } : {}) });
  const response = await invokeAcs(acsHandler({ ...consolidation, store, logger: silentLogger }), event, objects.map((_, i) => String(i)));
  return response.map((r) => r.consolidatedAnnotation.content as Record<string, unknown>);
}

describe('keepFields: the template\'s other fields carried into the output', () => {
  it('lists each worker who filled in a kept field, with the values as submitted, beside the consolidated label', async () => {
    const [first, second] = await metadataOf(
      [
        [
          ['w1', { category: { label: 'a' }, comment: 'blurry', unsure: { on: true } }],
          ['w2', { category: { label: 'a' } }],
          ['w3', { category: { label: 'b' }, comment: '[1, 2]', other: 'not kept' }],
        ],
        [['w1', { category: { label: 'b' } }]],
      ],
      ['comment', 'unsure'],
    );
    expect(first?.label).toBe('0');
    expect((first?.['label-metadata'] as Record<string, unknown>)['worker-fields']).toEqual([
      { 'worker-id': 'w1', fields: { comment: 'blurry', unsure: { on: true } } },
      // Text that reads as JSON stays text: the worker typed it.
      { 'worker-id': 'w3', fields: { comment: '[1, 2]' } },
    ]);
    // No worker filled one in: no key at all.
    expect(second?.['label-metadata']).not.toHaveProperty('worker-fields');
  });

  it('leaves out a field the worker left empty, though the form submitted it: a blank comment, null, an empty object; an unticked box is kept', async () => {
    // walk130 #10: a worker whose comment was "" was listed as having filled it in.
    const [first, second] = await metadataOf(
      [
        [
          ['w1', { category: { label: 'a' }, comment: '', unsure: {} }],
          ['w2', { category: { label: 'a' }, comment: '  \n', unsure: { on: false } }],
          ['w3', { category: { label: 'b' }, comment: null, unsure: null }],
        ],
        [['w1', { category: { label: 'b' }, comment: '' }]],
      ],
      ['comment', 'unsure'],
    );
    // A box left unticked is the worker's "no", not an empty field.
    expect((first?.['label-metadata'] as Record<string, unknown>)['worker-fields']).toEqual([{ 'worker-id': 'w2', fields: { unsure: { on: false } } }]);
    expect(second?.['label-metadata']).not.toHaveProperty('worker-fields');
  });

  it('still decodes JSON held in a string inside the type\'s own field, as without kept fields', async () => {
    const nested = [['w1', { category: JSON.stringify({ label: 'b' }), comment: '{"x":1}' }]] as Array<[string, unknown]>;
    const [kept] = await metadataOf([nested], ['comment']);
    const [plain] = await metadataOf([nested]);
    expect(kept?.label).toBe('1');
    expect(plain?.label).toBe('1');
    expect((kept?.['label-metadata'] as Record<string, unknown>)['worker-fields']).toEqual([{ 'worker-id': 'w1', fields: { comment: '{"x":1}' } }]);
    expect(plain?.['label-metadata']).not.toHaveProperty('worker-fields');
  });

  it('a worker who answered twice is kept once, with the answer that counted', async () => {
    const [only] = await metadataOf([[['w1', { category: { label: 'a' }, comment: 'first' }], ['w1', { category: { label: 'a' }, comment: 'second' }]]], ['comment']);
    expect((only?.['label-metadata'] as Record<string, unknown>)['worker-fields']).toEqual([{ 'worker-id': 'w1', fields: { comment: 'second' } }]);
  });

  it('a name such as __proto__ is data', async () => {
    const [only] = await metadataOf([[['w1', JSON.parse('{"category":{"label":"a"},"__proto__":{"polluted":true}}')]]], ['__proto__']);
    const entry = ((only?.['label-metadata'] as Record<string, unknown>)['worker-fields'] as Array<{ fields: Record<string, unknown> }>)[0];
    expect(Object.hasOwn(entry?.fields ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses settings that cannot be meant, at cold start, naming the entry', () => {
    const settings = (keepFields: unknown) => caught(() => taskConsolidation('text-classification', { algorithm: 'majority-vote', keepFields } as never)).message;
    expect(settings('comment')).toContain('consolidation.keepFields: expected a list of field names, e.g. ["comment"], got string');
    expect(settings(['comment', ''])).toContain('consolidation.keepFields[1]: expected a field name (the name of an element or input in the template), got an empty string');
    expect(settings(['category'])).toContain('consolidation.keepFields[0]: "category" is the field the task type consolidates; keep only the template\'s other fields');
    expect(settings(['comment', 'comment'])).toContain('consolidation.keepFields[1]: "comment" is listed twice; list each field once');
    expect(settings([3])).toContain('consolidation.keepFields[0]: expected a field name (the name of an element or input in the template), got number');
  });
});
