import { describe, expect, it } from 'vitest';
import { ContractError, parsePreEvent, parsePreResponse } from '../../../lambdas/index.ts';
import preImage from '../../fixtures/events/pre-image.json' with { type: 'json' };

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as ContractError).issues.map((i) => `${i.path}: ${i.problem}`);
  }
  throw new Error('expected a ContractError');
}

describe('parsePreEvent', () => {
  it('accepts a documented event and keeps every manifest attribute', () => {
    const event = parsePreEvent(preImage);
    expect(event.dataObject['source-ref']).toBe('s3://acme-gt-input/shelves/aisle-4/img_0031.jpg');
    expect(event.dataObject.hint).toEqual(['cereal', 'snacks']);
  });

  it('treats version as opaque: any string, or missing', () => {
    expect(parsePreEvent({ ...preImage, version: '2018-10-06' }).version).toBe('2018-10-06');
    expect(parsePreEvent({ ...preImage, version: 'whatever' }).version).toBe('whatever');
    const { version: _v, ...noVersion } = preImage;
    expect(parsePreEvent(noVersion).version).toBe('');
  });

  it('keeps unknown top-level keys', () => {
    expect((parsePreEvent({ ...preImage, labelAttributeName: 'x' }) as unknown as Record<string, unknown>).labelAttributeName).toBe('x');
  });

  it('names the path of every problem at once', () => {
    expect(issuesOf(() => parsePreEvent({ version: 1, dataObject: { source: 5 } }))).toEqual([
      'event.labelingJobArn: is missing',
      'event.dataObject.source: expected a string, got number',
    ]);
  });

  it('takes a numeric version as its text: the field is opaque', () => {
    expect(parsePreEvent({ version: 20181016, labelingJobArn: 'a', dataObject: { source: 'x' } }).version).toBe('20181016');
  });

  it('never refuses a version of any type: it is opaque (§1.2), taken as its JSON text', () => {
    const parse = (version: unknown) => parsePreEvent({ version, labelingJobArn: 'a', dataObject: { source: 'x' } }).version;
    expect([parse([1]), parse({ v: 2 }), parse(true), parse(null), parse(undefined)]).toEqual(['[1]', '{"v":2}', 'true', '', '']);
  });

  it('rejects a line with neither source nor source-ref', () => {
    expect(issuesOf(() => parsePreEvent({ labelingJobArn: 'a', dataObject: { other: 1 } }))).toEqual([
      'event.dataObject: has neither "source" nor "source-ref": every manifest line needs one',
    ]);
  });

  it.each([
    ['null', null],
    ['a string', 'event'],
    ['an array', []],
    ['an empty object', {}],
  ])('rejects %s with a clear message', (_name, input) => {
    expect(() => parsePreEvent(input)).toThrow(ContractError);
  });

  it('rejects a dataObject that is an array', () => {
    expect(issuesOf(() => parsePreEvent({ labelingJobArn: 'a', dataObject: [1] }))).toEqual([
      'event.dataObject: expected an object (the manifest line), got array',
    ]);
  });

  it('handles a huge manifest line', () => {
    const big = 'x'.repeat(5_000_000);
    expect(parsePreEvent({ labelingJobArn: 'a', dataObject: { source: big } }).dataObject.source).toHaveLength(5_000_000);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const hostile = JSON.parse('{"labelingJobArn":"a","dataObject":{"source":"t","__proto__":{"polluted":true}}}');
    parsePreEvent(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parsePreResponse', () => {
  it('defaults isHumanAnnotationRequired to true', () => {
    expect(parsePreResponse({ taskInput: { a: 1 } })).toEqual({ taskInput: { a: 1 }, isHumanAnnotationRequired: true });
  });

  it('rejects the sample mistakes: a string flag and the misspelled key', () => {
    expect(issuesOf(() => parsePreResponse({ taskInput: {}, isHumanAnnotationRequired: 'true', humanAnnotationRequired: 'true' }))).toEqual([
      'response.isHumanAnnotationRequired: is the string "true": return the boolean true (an AWS sample returns a string, but whether Ground Truth reads one is not documented)',
      'response.humanAnnotationRequired: unknown key: the field is "isHumanAnnotationRequired" (Ground Truth ignores this one)',
    ]);
    expect(issuesOf(() => parsePreResponse({ taskInput: {}, isHumanAnnotationRequired: 1 }))).toEqual(['response.isHumanAnnotationRequired: expected a boolean, got number 1']);
  });

  it('rejects a taskInput that is not an object', () => {
    expect(issuesOf(() => parsePreResponse({ taskInput: [1] }))).toEqual(['response.taskInput: expected an object, got array']);
    expect(issuesOf(() => parsePreResponse({}))).toEqual(['response.taskInput: is missing']);
  });
});
