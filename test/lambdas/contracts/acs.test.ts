import { describe, expect, it } from 'vitest';
import { ContractError, decodeAnswerContent, parseAcsEvent, parseAcsPayload, parseAcsResponse } from '../../../lambdas/index.ts';
import observed from '../../fixtures/events/acs-observed.json' with { type: 'json' };

describe('parseAcsEvent', () => {
  it('accepts a real event: 2018-10-06, string outputConfig, extra keys, no labelCategories', () => {
    const event = parseAcsEvent(observed);
    expect(event.version).toBe('2018-10-06');
    expect(event.outputConfig).toBe('s3://gtkit-test-bucket/output/test-labeling-job-20211118T021255/annotations');
    expect(event.labelCategories).toBeNull();
    expect(event.maxHumanWorkersPerDataObject).toBe(1);
    expect(event.vpcEnabled).toBe(false);
  });

  it('accepts labelCategories null, strings, or label objects', () => {
    expect(parseAcsEvent({ ...observed, labelCategories: null }).labelCategories).toBeNull();
    expect(parseAcsEvent({ ...observed, labelCategories: ['a', 'b'] }).labelCategories).toEqual(['a', 'b']);
    expect(parseAcsEvent({ ...observed, labelCategories: [{ label: 'a' }] }).labelCategories).toEqual(['a']);
  });

  it('never refuses a version of any type: it is opaque (§1.2), taken as its JSON text', () => {
    expect(parseAcsEvent({ ...observed, version: { v: 1 } }).version).toBe('{"v":1}');
    expect(parseAcsEvent({ ...observed, version: 20181016 }).version).toBe('20181016');
    expect(parseAcsEvent({ ...observed, version: false }).version).toBe('false');
  });

  it('accepts outputConfig as an object with s3Uri', () => {
    expect(parseAcsEvent({ ...observed, outputConfig: { s3Uri: 's3://b/p' } }).outputConfig).toBe('s3://b/p');
  });

  it('maxHumanWorkersPerDataObject is a whole number ≥ 1 or left out: its digits are taken, anything else never passes for a number', () => {
    expect(parseAcsEvent({ ...observed, maxHumanWorkersPerDataObject: '1' }).maxHumanWorkersPerDataObject).toBe(1);
    for (const odd of ['one', 0, 1.5, -3, null, true, { n: 1 }]) {
      const event = parseAcsEvent({ ...observed, maxHumanWorkersPerDataObject: odd });
      expect(Object.hasOwn(event, 'maxHumanWorkersPerDataObject')).toBe(false);
    }
  });

  it('names every problem by path', () => {
    try {
      parseAcsEvent({ labelingJobArn: 'x', labelAttributeName: '', payload: { s3Uri: 7 }, labelCategories: [1], outputConfig: 3 });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).issues.map((i) => `${i.path}: ${i.problem}`)).toEqual([
        'event.labelAttributeName: must not be empty',
        'event.labelCategories[0]: expected a string, got number',
        'event.payload.s3Uri: expected a string, got number',
        'event.outputConfig: expected an S3 URI string, got number',
      ]);
    }
  });

  it.each([null, 0, 'x', [], {}])('rejects %j', (input) => {
    expect(() => parseAcsEvent(input)).toThrow(ContractError);
  });
});

describe('parseAcsPayload', () => {
  const good = {
    datasetObjectId: '0',
    dataObject: { content: 'hello' },
    annotations: [{ workerId: 'w1', annotationData: { content: '{"c":{"label":"a"}}' } }],
  };

  it('turns numeric ids into strings and keeps good objects when others are broken', () => {
    const { objects, issues } = parseAcsPayload([{ ...good, datasetObjectId: 3 }, { nonsense: true }, good]);
    expect(objects.map((o) => o.datasetObjectId)).toEqual(['3', '0']);
    expect(issues).toEqual([{ path: 'payload[1].datasetObjectId', problem: 'is missing' }]);
  });

  it('reports an annotation with neither content nor s3Uri by its full path, and keeps it', () => {
    const { objects, issues } = parseAcsPayload([{ ...good, annotations: [{ workerId: 'w1', annotationData: {} }] }]);
    expect(issues.map((i) => i.path)).toEqual(['payload[0].annotations[0].annotationData']);
    expect(objects[0]?.annotations).toHaveLength(1);
  });

  it('accepts the lower-case s3uri spelling that AWS samples read', () => {
    const { objects } = parseAcsPayload([{ ...good, annotations: [{ workerId: 'w', annotationData: { s3uri: 's3://b/k' } }] }]);
    expect(objects[0]?.annotations[0]?.annotationData.s3Uri).toBe('s3://b/k');
  });

  it('refuses a numeric id beyond 2^53, which JSON has already rounded, saying why', () => {
    const { objects, issues } = parseAcsPayload(JSON.parse('[{"datasetObjectId":12345678901234567890,"annotations":[]},{"datasetObjectId":9007199254740991,"annotations":[]}]'));
    expect(objects.map((o) => o.datasetObjectId)).toEqual(['9007199254740991']);
    expect(issues).toEqual([
      { path: 'payload[0].datasetObjectId', problem: 'the number 12345678901234567000 is beyond 2^53, where JSON numbers lose digits, so it cannot be echoed exactly; send the id as a string' },
    ]);
  });

  it('keeps a numeric worker id as its text, with a warning; an empty one is named as empty', () => {
    const { objects, issues } = parseAcsPayload([
      { datasetObjectId: '0', annotations: [{ workerId: 12345, annotationData: { content: '1' } }, { workerId: '', annotationData: { content: '2' } }, { workerId: null, annotationData: { content: '3' } }] },
    ]);
    expect(objects[0]?.annotations.map((a) => a.workerId)).toEqual(['12345', 'unknown-worker-0-1', 'unknown-worker-0-2']);
    expect(issues).toEqual([
      { path: 'payload[0].annotations[0].workerId', problem: 'is the number 12345, taken as the worker id "12345"; Ground Truth sends worker ids as strings' },
      { path: 'payload[0].annotations[1].workerId', problem: 'must not be empty' },
      { path: 'payload[0].annotations[2].workerId', problem: 'expected a non-empty string, got null' },
    ]);
  });

  it('treats missing annotations as an empty list', () => {
    const { objects, issues } = parseAcsPayload([{ datasetObjectId: '1' }]);
    expect(issues).toEqual([]);
    expect(objects[0]?.annotations).toEqual([]);
  });

  it('rejects a payload that is not an array', () => {
    expect(parseAcsPayload({}).issues).toEqual([{ path: 'payload', problem: 'expected an array, got object' }]);
  });

  it('copes with a huge payload', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({ ...good, datasetObjectId: String(i) }));
    expect(parseAcsPayload(many).objects).toHaveLength(50_000);
  });
});

describe('decodeAnswerContent', () => {
  it('parses a JSON string', () => {
    expect(decodeAnswerContent('{"intent":{"label":"refund"}}')).toEqual({ ok: true, value: { intent: { label: 'refund' } } });
  });

  it('follows double encoding', () => {
    const twice = JSON.stringify(JSON.stringify({ a: 1 }));
    expect(decodeAnswerContent(twice)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('decodes JSON strings nested in the answer (hidden-input idiom)', () => {
    const content = JSON.stringify({ document: JSON.stringify({ Version: '2021-04-30', Blocks: [1] }), note: 'plain' });
    expect(decodeAnswerContent(content)).toEqual({ ok: true, value: { document: { Version: '2021-04-30', Blocks: [1] }, note: 'plain' } });
  });

  it('keeps text that only looks like JSON, and every string when nestedJson is false', () => {
    expect(decodeAnswerContent(JSON.stringify({ t: '[citation needed]', n: '42' }))).toEqual({ ok: true, value: { t: '[citation needed]', n: '42' } });
    const content = JSON.stringify({ doc: '{"a":1}' });
    expect(decodeAnswerContent(content, { nestedJson: false })).toEqual({ ok: true, value: { doc: '{"a":1}' } });
  });

  it('keeps a "__proto__" answer field as a field (it does not become the prototype)', () => {
    const out = decodeAnswerContent(JSON.stringify(JSON.stringify({ note: '{"__proto__":{"label":"x"}}' })));
    expect(out.ok).toBe(true);
    const note = (out.ok ? out.value : {}) as { note: Record<string, unknown> };
    expect(Object.keys(note.note)).toEqual(['__proto__']);
    expect(note.note.label).toBeUndefined();
    expect(JSON.stringify(note)).toBe('{"note":{"__proto__":{"label":"x"}}}');
  });

  it('reports invalid JSON', () => {
    const out = decodeAnswerContent('{"a":');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.problem).toMatch(/^not valid JSON/);
  });

  it('survives deeply nested input without a stack overflow', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(decodeAnswerContent(deep).ok).toBe(true);
  });
});

describe('parseAcsResponse', () => {
  it('a label attribute named like an Object method must be an own key of the content', () => {
    expect(() => parseAcsResponse([{ datasetObjectId: '0', consolidatedAnnotation: { content: {} } }], { labelAttributeName: 'constructor' })).toThrow(ContractError);
    expect(parseAcsResponse([{ datasetObjectId: '0', consolidatedAnnotation: { content: { constructor: 1 } } }], { labelAttributeName: 'constructor' })).toHaveLength(1);
  });

  const entry = (id: string) => ({ datasetObjectId: id, consolidatedAnnotation: { content: { lab: { x: 1 } } } });

  it('accepts one entry per expected id', () => {
    expect(parseAcsResponse([entry('0'), entry('1')], { labelAttributeName: 'lab', expectedIds: ['0', '1'] })).toHaveLength(2);
  });

  it('reports duplicates, missing ids, extra ids and a wrong key', () => {
    try {
      parseAcsResponse([entry('0'), entry('0'), entry('9'), { datasetObjectId: '2', consolidatedAnnotation: { content: { other: 1 } } }], {
        labelAttributeName: 'lab',
        expectedIds: ['0', '1', '2'],
      });
      throw new Error('no error');
    } catch (error) {
      expect((error as ContractError).issues.map((i) => `${i.path}: ${i.problem}`)).toEqual([
        'response[1].datasetObjectId: duplicate id "0" (first at response[0])',
        'response[3].consolidatedAnnotation.content: has no key "lab" (the event\'s labelAttributeName)',
        'response: no entry for datasetObjectId "1"',
        'response: entry for datasetObjectId "9", which was not in the payload',
      ]);
    }
  });
});
