import { describe, expect, it } from 'vitest';
import { buildAcsEvent, buildAcsPayload } from '../../../lambdas/testing/index.ts';
import { caught } from '../caught.ts';

function typeError(fn: () => unknown): string {
  const error = caught(fn);
  expect(error).toBeInstanceOf(TypeError);
  return error.message;
}

describe('event builders from plain JavaScript', () => {
  it('buildAcsEvent names what it needs', () => {
    expect(typeError(() => buildAcsEvent(undefined as never))).toBe('buildAcsEvent: expected options { payloadUri, … }, got undefined');
    expect(typeError(() => buildAcsEvent({} as never))).toBe('buildAcsEvent: payloadUri: expected an s3:// URI string, got undefined');
  });

  it('buildAcsPayload names the object and field that is not what it needs', () => {
    expect(typeError(() => buildAcsPayload(null as never))).toBe('buildAcsPayload: expected an array of { datasetObjectId, answers }, got null');
    expect(typeError(() => buildAcsPayload([null] as never))).toBe('buildAcsPayload: objects[0]: expected an object { datasetObjectId, answers }, got null');
    expect(typeError(() => buildAcsPayload([{ datasetObjectId: 1 }] as never))).toBe('buildAcsPayload: objects[0].answers: expected an array of { workerId, answer }, got undefined');
    expect(typeError(() => buildAcsPayload([{ datasetObjectId: 1, answers: ['a'] }] as never))).toBe('buildAcsPayload: objects[0].answers[0]: expected an object { workerId, answer }, got string');
  });
});
