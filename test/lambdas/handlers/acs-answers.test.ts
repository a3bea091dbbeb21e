import { describe, expect, it, vi } from 'vitest';
import { acsHandler, type AcsObject, type HandlerLogger } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';

type Answer = { category: { label: string } };
const payloadUri = 's3://gtkit-test-bucket/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/batch.json';

function setup(payload: unknown, extra: Record<string, string> = {}) {
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload), ...extra });
  const event = buildAcsEvent({ payloadUri, labelAttributeName: 'intent' });
  return { store, event };
}

const one = buildAcsPayload([{ datasetObjectId: 0, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] }]);
const echo = [{ workerId: 'w1', content: '{"category":{"label":"a"}}' }];
const intentOf = (response: Array<{ consolidatedAnnotation: { content: Record<string, unknown> } }>, i = 0) => response[i]?.consolidatedAnnotation.content.intent;
const errorOf = (response: Array<{ consolidatedAnnotation: { content: Record<string, unknown> } }>, i = 0) => (intentOf(response, i) as { consolidationError?: string }).consolidationError;

/** The response when consolidateObject returns (or throws) this for the single object. */
async function outcome(result: () => unknown) {
  const { store, event } = setup(one);
  return invokeAcs(acsHandler<Answer, unknown>({ store, logger: silentLogger, consolidateObject: result as never }), event, ['0']);
}

describe('ACS labels JSON would drop, and metadata that is not an object', () => {
  it('a function, a Symbol or a toJSON() giving nothing as the label fails the object, naming what it was', async () => {
    const cases: Array<[unknown, string]> = [
      [() => 'cat', 'a function'],
      [Symbol('cat'), 'a Symbol'],
      [{ toJSON: () => undefined }, 'an object whose toJSON() gives undefined'],
    ];
    for (const [label, what] of cases) {
      const response = await outcome(() => ({ label }));
      expect(intentOf(response)).toEqual({
        consolidationError: `the label is not JSON: content.intent is ${what}, which JSON leaves out, so the entry would have no "intent" key; return a JSON value as the label`,
        rawAnnotations: echo,
      });
    }
  });

  it('a toJSON() that gives NaN fails the object instead of becoming null', async () => {
    expect(errorOf(await outcome(() => ({ label: { toJSON: () => Number.NaN } })))).toBe(
      'the label is not JSON: content.intent.toJSON() is NaN, which JSON cannot hold (it would be written as null); use a number, or null on purpose',
    );
  });

  it('metadata that is not a plain object fails the object instead of being spread into characters', async () => {
    expect(errorOf(await outcome(() => ({ label: 'a', metadata: 'high' })))).toBe('metadata must be an object, got "high"; return { label, metadata: { name: value, … } }');
    expect(errorOf(await outcome(() => ({ label: 'a', metadata: [0.9] })))).toBe('metadata must be an object, got array; return { label, metadata: { name: value, … } }');
    expect(errorOf(await outcome(() => ({ label: 'a', metadata: new Date(0) })))).toBe('metadata must be an object, got a Date; return { label, metadata: { name: value, … } }');
    expect(intentOf(await outcome(() => ({ label: 'a', metadata: { confidence: 1 } })))).toBe('a');
  });
});

describe('ACS messages for what user functions return or throw', () => {
  it('says what was thrown or returned instead of "undefined" or an empty message', async () => {
    expect(errorOf(await outcome(() => Promise.reject(undefined)))).toBe('consolidateObject threw undefined, not an Error; throw an Error whose message says why');
    expect(errorOf(await outcome(() => 'cat'))).toBe('consolidation returned "cat", not { label }; return { label: … }, or throw to mark the object failed');
    expect(errorOf(await outcome(async () => 'cat'))).toBe('consolidation returned "cat", not { label }; return { label: … }, or throw to mark the object failed');
    const { store, event } = setup(one);
    const batch = (results: Map<unknown, unknown>) => invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateBatch: () => results as never }), event, ['0']);
    expect(errorOf(await batch(new Map([['0', new TypeError('')]])))).toBe('consolidation returned TypeError with no message; give it one that says why');
    expect(errorOf(await batch(new Map([[0, { label: 'a' }]])))).toBe('consolidation returned no result for this object: the Map has the number 0 as a key; key it by the datasetObjectId string "0"');
  });

  it('a parseAnswer that throws a string or undefined gives a reason that says so', async () => {
    const { store, event } = setup(buildAcsPayload([{ datasetObjectId: 0, answers: [{ workerId: 'w1', answer: 1 }, { workerId: 'w2', answer: 2 }] }]));
    const thrown = [new Error('unused'), 'bad shape', undefined];
    const response = await invokeAcs(
      acsHandler<Answer>({
        store,
        logger: silentLogger,
        parseAnswer: (a) => {
          throw thrown[a as number];
        },
        consolidateObject: () => ({ label: 'a' }),
      }),
      event,
      ['0'],
    );
    expect(errorOf(response)).toBe(
      'none of the 2 answers could be used (annotations[0].annotationData.content: bad shape; annotations[1].annotationData.content: parseAnswer threw undefined, not an Error; throw an Error whose message says why)',
    );
  });
});

describe('ACS answers of one worker, repeated ids and reads', () => {
  it('a worker who answered an object twice counts once, with the later answer; the earlier is set aside with the reason', async () => {
    const payload = buildAcsPayload([
      {
        datasetObjectId: 0,
        answers: [
          { workerId: 'w1', answer: { category: { label: 'a' } } },
          { workerId: 'w2', answer: { category: { label: 'b' } } },
          { workerId: 'w1', answer: { category: { label: 'b' } } },
        ],
      },
    ]);
    const { store, event } = setup(payload);
    const votes = (o: AcsObject<Answer>) => ({ label: o.annotations.map((a) => `${a.workerId}:${a.answer.category.label}`).join(',') });
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: votes }), event, ['0']);
    expect(response[0]?.consolidatedAnnotation.content).toEqual({
      intent: 'w2:b,w1:b',
      'intent-metadata': {
        'rejected-annotations': [
          { workerId: 'w1', reason: 'payload[datasetObjectId=0].annotations[0]: worker w1 answered this object again (annotations[2]); the later answer counts', content: '{"category":{"label":"a"}}' },
        ],
      },
    });
  });

  it('a later copy of a worker\'s answer that cannot be used (not JSON, its S3 object gone, refused) never costs the earlier good one', async () => {
    const good = (label: string) => ({ content: JSON.stringify({ category: { label } }) });
    const payload = [
      {
        datasetObjectId: '0',
        annotations: [
          { workerId: 'w1', annotationData: good('a') },
          { workerId: 'w2', annotationData: good('b') },
          { workerId: 'w1', annotationData: { s3Uri: 's3://gtkit-test-bucket/answers/gone.json' } },
          { workerId: 'w2', annotationData: { content: 'not json' } },
          { workerId: 'w2', annotationData: good('c') },
          { workerId: 'w3', annotationData: good('d') },
          { workerId: 'w3', annotationData: good('e') },
        ],
      },
    ];
    const { store, event } = setup(payload);
    const votes = (o: AcsObject<Answer>) => ({ label: o.annotations.map((a) => `${a.workerId}:${a.answer.category.label}`).join(',') });
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: votes }), event, ['0']);
    expect(intentOf(response)).toBe('w1:a,w2:c,w3:e');
    const reasons = (response[0]?.consolidatedAnnotation.content['intent-metadata'] as { 'rejected-annotations': Array<{ reason: string }> })['rejected-annotations'].map((r) => r.reason);
    expect(reasons).toEqual([
      'payload[datasetObjectId=0].annotations[1]: worker w2 answered this object again (annotations[4]); the later answer counts',
      'payload[datasetObjectId=0].annotations[2].annotationData.s3Uri (s3://gtkit-test-bucket/answers/gone.json): could not read s3://gtkit-test-bucket/answers/gone.json: the object does not exist',
      expect.stringMatching(/^payload\[datasetObjectId=0\]\.annotations\[3\]\.annotationData\.content: not valid JSON/),
      'payload[datasetObjectId=0].annotations[5]: worker w3 answered this object again (annotations[6]); the later answer counts',
    ]);
  });

  it('copies of a repeated id count an answer they both hold once; answers without a worker id stay workers of their own', async () => {
    const copy = { datasetObjectId: '7', annotations: [{ workerId: 'w1', annotationData: { content: '{"category":{"label":"a"}}' } }, { annotationData: { content: '{"category":{"label":"b"}}' } }] };
    const other = { datasetObjectId: '7', annotations: [{ annotationData: { content: '{"category":{"label":"c"}}' } }, { workerId: 'w1', annotationData: { content: '{"category":{"label":"a"}}' } }] };
    const { store, event } = setup([copy, copy, other]);
    const workers = (o: AcsObject<Answer>) => ({ label: o.annotations.map((a) => `${a.workerId}:${a.answer.category.label}`).join(',') });
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: workers }), event, ['7']);
    expect(response[0]?.consolidatedAnnotation.content).toEqual({ intent: 'w1:a,unknown-worker-7-1:b,unknown-worker-7-2:c' });
  });

  it('a repeated id whose copy holds 200,000 answers is merged without overflowing the stack', async () => {
    const answers = Array.from({ length: 200_000 }, (_, w) => ({ workerId: `w${w}`, answer: { category: { label: 'a' } } }));
    const { store, event } = setup(buildAcsPayload([{ datasetObjectId: 0, answers: [{ workerId: 'x', answer: { category: { label: 'b' } } }] }, { datasetObjectId: 0, answers }]));
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: (o) => ({ label: o.annotations.length }) }), event, ['0']);
    expect(intentOf(response)).toBe(200_001);
  });

  it('reads answers from S3 at most 16 at a time across the whole batch', async () => {
    const objects = Array.from({ length: 50 }, (_, i) => ({
      datasetObjectId: String(i),
      annotations: [0, 1, 2].map((w) => ({ workerId: `w${w}`, annotationData: { s3Uri: `s3://gtkit-test-bucket/answers/${i}-${w}.json` } })),
    }));
    const answers = Object.fromEntries(objects.flatMap((o) => o.annotations.map((a) => [a.annotationData.s3Uri, '{"category":{"label":"a"}}'])));
    const { store, event } = setup(objects, answers);
    let inFlight = 0;
    let most = 0;
    const slow = {
      getText: async (uri: string) => {
        if (uri === payloadUri) return store.getText(uri);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return store.getText(uri);
      },
      putText: (uri: string, text: string) => store.putText(uri, text),
    };
    const response = await invokeAcs(acsHandler<Answer>({ store: slow, logger: silentLogger, consolidateObject: (o) => ({ label: o.annotations.length }) }), event);
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(Array.from({ length: 50 }, () => 3));
    expect(most).toBe(16);
  });
});

describe('ACS handler without a Lambda context', () => {
  it('works when called as handler(event), as tests and scripts do, and adds no context to the logger', async () => {
    const { store, event } = setup(one);
    const logger: HandlerLogger = { ...silentLogger, addContext: vi.fn() };
    const handler = acsHandler<Answer>({ store, logger, consolidateObject: () => ({ label: 'a' }) });
    const response = await (handler as (event: unknown) => ReturnType<typeof handler>)(event);
    expect(intentOf(response)).toBe('a');
    expect(logger.addContext).not.toHaveBeenCalled();
  });
});

describe('ACS log of set-aside answers', () => {
  it('names the worker beside each reason, so a worker whose answers break is found from the log alone', async () => {
    const payload = [{ datasetObjectId: '3', dataObject: { content: 'x' }, annotations: [
      { workerId: 'private.us-east-1.aaaa', annotationData: { content: '{not json' } },
      { workerId: 'private.us-east-1.bbbb', annotationData: { content: '{"category":{"label":"a"}}' } },
    ] }];
    const { store, event } = setup(payload);
    const warnings: Array<[string, unknown]> = [];
    const logger: HandlerLogger = { ...silentLogger, warn: (message, extra) => warnings.push([message, extra]) };
    await invokeAcs(acsHandler<Answer, string>({ store, logger, consolidateObject: (o) => ({ label: o.annotations[0]?.answer.category.label ?? '' }) }), event, ['3']);
    const [, extra] = warnings.find(([message]) => message === 'answers set aside') as [string, { datasetObjectId: string; rejected: Array<{ workerId: string; reason: string }> }];
    expect(extra.datasetObjectId).toBe('3');
    expect(extra.rejected).toEqual([{ workerId: 'private.us-east-1.aaaa', reason: expect.stringMatching(/^payload\[datasetObjectId=3\]\.annotations\[0\]\.annotationData\.content: not valid JSON/) }]);
  });
});

describe('ACS set-aside answers as consolidation sees them', () => {
  // read79 finding 4: the summary's grouping keys (index, problem) rode on the public RejectedAnnotation, saying its reason twice.
  it('carry the worker, the reason and the raw answer, and nothing else; the failure entry still names like reasons once', async () => {
    const payload = [{ datasetObjectId: '5', dataObject: { content: 'x' }, annotations: [
      { workerId: 'w1', annotationData: { content: '{not json' } },
      { workerId: 'w2', annotationData: { content: '{"category":{"label":"a"}}' } },
    ] }];
    const { store, event } = setup(payload);
    let seen: AcsObject<Answer>['rejected'] = [];
    await invokeAcs(acsHandler<Answer, string>({ store, logger: silentLogger, consolidateObject: (o) => { seen = o.rejected; return { label: 'a' }; } }), event, ['5']);
    expect(seen).toEqual([{ workerId: 'w1', reason: expect.stringMatching(/^payload\[datasetObjectId=5\]\.annotations\[0\]\.annotationData\.content: not valid JSON/), annotationData: { content: '{not json' } }]);
    expect(Object.keys(seen[0] ?? {})).toEqual(['workerId', 'reason', 'annotationData']);

    const allBad = [{ datasetObjectId: '6', dataObject: { content: 'x' }, annotations: ['w1', 'w2', 'w3'].map((workerId) => ({ workerId, annotationData: { content: '{"category":{}}' } })) }];
    const failing = setup(allBad);
    const response = await invokeAcs(acsHandler<Answer, string>({ store: failing.store, logger: silentLogger, parseAnswer: (a) => { if (!(a as Answer).category.label) throw new Error('no label'); return a as Answer; }, consolidateObject: () => ({ label: 'a' }) }), failing.event, ['6']);
    expect(errorOf(response)).toBe('none of the 3 answers could be used (annotations[0–2].annotationData.content: no label)');
  });
});
