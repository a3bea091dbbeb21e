import { describe, expect, it } from 'vitest';
import { acsHandler, ContractError, type AcsObject } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeHandler, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

const junk: unknown[] = [null, 0, -1, 1.5, '', 'x', '{', '[]', '{"a":', true, [], {}, [null], { content: 5 }, 'null', '"str"', 1e308, '\u0000'];

function corrupt(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  if (depth > 0 && random() < 0.15) return pick(junk);
  if (Array.isArray(value)) {
    const copy = value.map((v) => (random() < 0.3 ? corrupt(v, random, depth + 1) : v));
    if (random() < 0.1) copy.splice(Math.floor(random() * (copy.length + 1)), 0, pick(junk));
    if (random() < 0.1 && copy.length > 0) copy.splice(Math.floor(random() * copy.length), 1);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(out)) {
      const r = random();
      if (r < 0.08) delete out[key];
      else if (r < 0.35) out[key] = corrupt(out[key], random, depth + 1);
    }
    if (random() < 0.05) out[pick(['extra', '__proto__', 'constructor'])] = pick(junk);
    return out;
  }
  if (typeof value === 'string' && random() < 0.5) {
    const cut = Math.floor(random() * value.length);
    return value.slice(0, cut) + pick(['"', '\\', '}', '', '\u{1F600}', '{"x":']) + value.slice(cut);
  }
  return value;
}

type Answer = { category: { label: string } };
const objects = Array.from({ length: 12 }, (_, i) => ({
  datasetObjectId: i,
  answers: [0, 1, 2].map((w) => ({ workerId: `w${w}`, answer: { category: { label: `l${(i + w) % 3}` } } })),
}));
const valid = buildAcsPayload(objects);
const payloadUri = 's3://gtkit-test-bucket/payload.json';
const event = buildAcsEvent({ payloadUri, labelAttributeName: 'label' });

describe('ACS handler under 1,000 random corruptions of a valid payload', () => {
  it('never lets a per-object fault escape and always answers every readable id exactly once', async () => {
    const random = seededRandom(20261123);
    let batchFailures = 0;
    for (let round = 0; round < 1000; round++) {
      const payload = corrupt(valid, random);
      const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
      const handler = acsHandler<Answer>({
        store,
        logger: silentLogger,
        parseAnswer: (a) => {
          if (typeof (a as Answer)?.category?.label !== 'string') throw new Error('category.label: expected a string');
          return a as Answer;
        },
        consolidateObject: (o: AcsObject<Answer>) => ({ label: o.annotations[0]!.answer.category.label }),
      });
      let response: Array<{ datasetObjectId: string; consolidatedAnnotation: { content: Record<string, unknown> } }>;
      try {
        response = await invokeHandler(handler, event);
      } catch (error) {
        // Only a payload that is not an array at all may fail the batch, and then with a ContractError.
        expect(Array.isArray(payload)).toBe(false);
        expect(error).toBeInstanceOf(ContractError);
        batchFailures++;
        continue;
      }
      const expectedIds = new Set<string>();
      for (const element of payload as unknown[]) {
        const id = (element as { datasetObjectId?: unknown } | null)?.datasetObjectId;
        if ((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0)) expectedIds.add(String(id));
      }
      const ids = response.map((e) => e.datasetObjectId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(expectedIds);
      for (const entry of response) expect(entry.consolidatedAnnotation.content).toHaveProperty('label');
    }
    expect(batchFailures).toBeLessThan(1000);
  });
});
