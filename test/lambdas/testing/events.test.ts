import { describe, expect, it } from 'vitest';
import { buildAcsEvent, buildAcsPayload, invokeAcs, invokePre, labelingJobArn, privateWorkerId } from '../../../lambdas/testing/index.ts';
import { textSimilarity } from '../../../lambdas/consolidation/index.ts';
import { hashString } from '../../../lambdas/task-types/define.ts';
import { messageOf } from '../../helpers/errors.ts';

const typeError = messageOf(TypeError);

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

  it('the other helpers name a wrong argument instead of failing inside', async () => {
    await expect(invokePre('handler' as never, {})).rejects.toThrow(new TypeError("invoke: expected the handler function (e.g. the module's exported handler), got string"));
    await expect(invokeAcs(undefined as never, { labelAttributeName: 'x' })).rejects.toThrow(new TypeError("invoke: expected the handler function (e.g. the module's exported handler), got undefined"));
    const handler = async () => [];
    await expect(invokeAcs(handler, null as never)).rejects.toThrow(new TypeError('invokeAcs: expected an ACS event with a labelAttributeName string (build one with buildAcsEvent), got null'));
    await expect(invokeAcs(handler, {} as never)).rejects.toThrow(new TypeError('invokeAcs: expected an ACS event with a labelAttributeName string (build one with buildAcsEvent), got labelAttributeName undefined'));
    expect(typeError(() => labelingJobArn(5 as never))).toBe('labelingJobArn: jobName: expected a non-empty string, got number');
    expect(typeError(() => privateWorkerId(-1))).toBe('privateWorkerId: expected a whole number ≥ 0, got -1');
    expect(typeError(() => privateWorkerId('3' as never))).toBe('privateWorkerId: expected a whole number ≥ 0, got string');
    expect(typeError(() => textSimilarity(null as never, 'a'))).toBe('textSimilarity: expected two strings, got null and string');
    expect(typeError(() => hashString(undefined as never))).toBe('hashString: expected a string, got undefined');
    // The right arguments still work as before.
    expect(labelingJobArn('Job')).toBe('arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job');
    expect(privateWorkerId(255)).toBe('private.us-east-1.00000000000000ff');
    expect(textSimilarity('abc', 'abd')).toBeCloseTo(2 / 3);
  });
});
