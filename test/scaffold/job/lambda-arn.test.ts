import { describe, expect, it } from 'vitest';
import { lambdaArnParts, lambdaFunctionArn, unqualifiedLambdaArn } from '../../../scaffold/job/lambda-arn.ts';

const place = { partition: 'aws-cn', region: 'cn-north-1', account: '123456789012' };

describe('Lambda function ARNs', () => {
  it('are made from a place and a name, and read back into the same parts', () => {
    const arn = lambdaFunctionArn(place, 'SageMaker-pre');
    expect(arn).toBe('arn:aws-cn:lambda:cn-north-1:123456789012:function:SageMaker-pre');
    expect(lambdaArnParts(arn)).toEqual({ ...place, name: 'SageMaker-pre' });
    expect(lambdaArnParts(`${arn}:7`)).toEqual({ ...place, name: 'SageMaker-pre', qualifier: '7' });
    expect(lambdaArnParts(`${arn}:$LATEST`)?.qualifier).toBe('$LATEST');
  });

  it('lose their version or alias when unqualified; other text stays as it is', () => {
    const arn = lambdaFunctionArn(place, 'f');
    expect(unqualifiedLambdaArn(`${arn}:12`)).toBe(arn);
    expect(unqualifiedLambdaArn(`${arn}:live`)).toBe(arn);
    expect(unqualifiedLambdaArn(arn)).toBe(arn);
    expect(unqualifiedLambdaArn('not-an-arn:1')).toBe('not-an-arn:1');
  });

  it('are what Lambda accepts: a 12-digit account, a 1–64 character name, one qualifier', () => {
    for (const arn of [
      'arn:aws:lambda:eu-west-1:1234:function:f',
      'arn:aws:lambda:eu-west-1:123456789012:function:',
      `arn:aws:lambda:eu-west-1:123456789012:function:${'f'.repeat(65)}`,
      'arn:aws:lambda:eu-west-1:123456789012:function:f:1:2',
      'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker pre',
      'arn:aws:iam::123456789012:role/f',
      'arn:aws:lambda::123456789012:function:f',
    ]) {
      expect(lambdaArnParts(arn), arn).toBeUndefined();
    }
  });
});
