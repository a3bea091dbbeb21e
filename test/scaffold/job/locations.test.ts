import { describe, expect, it } from 'vitest';
import { derivedLambdaArn, iamArnParts } from '../../../scaffold/job/locations.ts';

describe('ARNs derived from the role', () => {
  it('reads the partition and account of an IAM ARN (and a role\'s name), and nothing from anything else', () => {
    expect(iamArnParts('arn:aws:iam::123456789012:role/GroundTruth')).toEqual({ partition: 'aws', account: '123456789012', roleName: 'GroundTruth' });
    expect(iamArnParts('arn:aws-us-gov:iam::210987654321:role/x')).toEqual({ partition: 'aws-us-gov', account: '210987654321', roleName: 'x' });
    expect(iamArnParts('arn:aws:iam::123456789012:role/service-role/gt/SageMaker-x')).toEqual({ partition: 'aws', account: '123456789012', roleName: 'SageMaker-x' });
    expect(iamArnParts('arn:aws:iam::123456789012:user/dev')).toEqual({ partition: 'aws', account: '123456789012' });
    for (const arn of [undefined, '', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:aws:iam::12345:role/short', 'GroundTruth']) expect(iamArnParts(arn), String(arn)).toBeUndefined();
  });

  it("a function's ARN is in the role's partition and account, in the job's region", () => {
    expect(derivedLambdaArn({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/r' }, 'SageMaker-pre')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre');
    expect(derivedLambdaArn({ region: 'cn-north-1', roleArn: 'arn:aws-cn:iam::123456789012:role/r' }, 'SageMaker-pre')).toBe('arn:aws-cn:lambda:cn-north-1:123456789012:function:SageMaker-pre');
    expect(derivedLambdaArn({ region: 'eu-west-1', roleArn: 'not-an-arn' }, 'SageMaker-pre')).toBeUndefined();
  });
});
