import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { arnRegion, arnRegionProblems } from '../../../scaffold/job/arn-regions.ts';
import { validateJobRequest } from '../../../scaffold/job/validate-request.ts';
import { validConfig } from './fixtures.ts';

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
const base = (): CreateLabelingJobCommandInput => structuredClone(buildJob(validConfig(), { arns }).request);
/** The request with both functions in `region` of `partition`, so a test sees only the ARNs it sets. */
const withFunctionsIn = (request: CreateLabelingJobCommandInput, partition: string, region: string): CreateLabelingJobCommandInput => {
  request.HumanTaskConfig!.PreHumanTaskLambdaArn = `arn:${partition}:lambda:${region}:123456789012:function:SageMaker-pre`;
  request.HumanTaskConfig!.AnnotationConsolidationConfig!.AnnotationConsolidationLambdaArn = `arn:${partition}:lambda:${region}:123456789012:function:SageMaker-acs`;
  return request;
};
const regionErrors = (r: CreateLabelingJobCommandInput, region = 'eu-west-1') => validateJobRequest(r, { region }).filter((p) => p.severity === 'error');

describe('arnRegion', () => {
  it.each([
    ['arn:aws:sns:eu-west-1:123456789012:topic', 'eu-west-1'],
    ['arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'cn-north-1'],
    ['arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:workteam/private-crowd/t', 'us-gov-west-1'],
    // IAM and S3 ARNs name no Region; key ids and aliases are no ARNs.
    ['arn:aws:iam::123456789012:role/x', undefined],
    ['arn:aws:s3:::bucket/key', undefined],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', undefined],
    ['alias/gt', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%s → %s', (arn, region) => {
    expect(arnRegion(arn)).toBe(region);
  });
});

describe('Regional ARNs against the job\'s Region (offline)', () => {
  type Case = [name: string, edit: (r: CreateLabelingJobCommandInput) => void, path: string | null];
  const cases: Case[] = [
    ['input topic in another Region', (r) => void (r.InputConfig!.DataSource = { SnsDataSource: { SnsTopicArn: 'arn:aws:sns:us-east-1:123456789012:GroundTruth-in' } }), 'InputConfig.DataSource.SnsDataSource.SnsTopicArn'],
    ['input topic in the job\'s Region', (r) => void (r.InputConfig!.DataSource = { SnsDataSource: { SnsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } }), null],
    ['output topic in another Region', (r) => void (r.OutputConfig!.SnsTopicArn = 'arn:aws:sns:eu-central-1:123456789012:GroundTruth-out'), 'OutputConfig.SnsTopicArn'],
    ['output topic in the job\'s Region', (r) => void (r.OutputConfig!.SnsTopicArn = 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-out'), null],
    ['KMS key ARN in another Region', (r) => void (r.OutputConfig!.KmsKeyId = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), 'OutputConfig.KmsKeyId'],
    ['KMS alias ARN in another Region', (r) => void (r.OutputConfig!.KmsKeyId = 'arn:aws:kms:us-west-2:123456789012:alias/gt'), 'OutputConfig.KmsKeyId'],
    ['KMS key ARN in the job\'s Region', (r) => void (r.OutputConfig!.KmsKeyId = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), null],
    ['KMS key id (no Region to compare)', (r) => void (r.OutputConfig!.KmsKeyId = '1234abcd-12ab-34cd-56ef-1234567890ab'), null],
    ['KMS alias name', (r) => void (r.OutputConfig!.KmsKeyId = 'alias/gt'), null],
    ['work team in another Region', (r) => void (r.HumanTaskConfig!.WorkteamArn = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t'), 'HumanTaskConfig.WorkteamArn'],
    ['task UI in another Region', (r) => void (r.HumanTaskConfig!.UiConfig = { HumanTaskUiArn: 'arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/NamedEntityRecognition' }), 'HumanTaskConfig.UiConfig.HumanTaskUiArn'],
    ['algorithm in another Region', (r) => void (r.LabelingJobAlgorithmsConfig = { LabelingJobAlgorithmSpecificationArn: 'arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification/text-classification' }), 'LabelingJobAlgorithmsConfig.LabelingJobAlgorithmSpecificationArn'],
  ];

  it.each(cases)('%s', (_name, edit, path) => {
    const request = base();
    edit(request);
    const errors = regionErrors(request);
    if (path === null) expect(errors).toEqual([]);
    else expect(errors.map((e) => e.path)).toEqual([path]);
  });

  it('says where the topic is, where the job is, and which config field to change', () => {
    const request = base();
    request.OutputConfig!.SnsTopicArn = 'arn:aws:sns:eu-central-1:123456789012:GroundTruth-out';
    expect(regionErrors(request)).toEqual([
      { severity: 'error', path: 'OutputConfig.SnsTopicArn', message: 'is in eu-central-1, the job in eu-west-1', fix: 'set streaming.outputTopicArn to a topic in eu-west-1, or set region to eu-central-1' },
    ]);
  });

  it('reports every Regional ARN elsewhere at once, and none without a job Region', () => {
    const request = base();
    request.InputConfig!.DataSource = { SnsDataSource: { SnsTopicArn: 'arn:aws:sns:us-east-1:123456789012:in' } };
    request.OutputConfig!.SnsTopicArn = 'arn:aws:sns:us-east-1:123456789012:out';
    request.OutputConfig!.KmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/k';
    request.HumanTaskConfig!.WorkteamArn = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t';
    expect(regionErrors(request).map((e) => e.path)).toEqual(['InputConfig.DataSource.SnsDataSource.SnsTopicArn', 'OutputConfig.SnsTopicArn', 'OutputConfig.KmsKeyId', 'HumanTaskConfig.WorkteamArn']);
    expect(validateJobRequest(request).filter((p) => p.severity === 'error')).toEqual([]);
    // A Region that is not one is reported as such, not as every ARN being elsewhere.
    expect(validateJobRequest(request, { region: 'EU-WEST-1' }).filter((p) => p.severity === 'error').map((e) => e.path)).toEqual(['region']);
  });

  it('an ARN of the job\'s Region under another partition is an error; partitions gtkit cannot place are not compared', () => {
    const request = withFunctionsIn(base(), 'aws-cn', 'cn-north-1');
    request.HumanTaskConfig!.WorkteamArn = 'arn:aws:sagemaker:cn-north-1:123456789012:workteam/private-crowd/t';
    request.OutputConfig!.SnsTopicArn = 'arn:aws-cn:sns:cn-north-1:123456789012:GroundTruth-out';
    expect(arnRegionProblems(request, 'cn-north-1')).toEqual([
      {
        severity: 'error',
        path: 'HumanTaskConfig.WorkteamArn',
        message: 'names partition aws, but cn-north-1 is in partition aws-cn',
        fix: 'write it as arn:aws-cn:sagemaker:cn-north-1:123456789012:workteam/private-crowd/t (the ARNs of cn-north-1 start with arn:aws-cn:)',
      },
    ]);
    const gov = withFunctionsIn(base(), 'aws-us-gov', 'us-gov-west-1');
    gov.HumanTaskConfig!.WorkteamArn = 'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:workteam/private-crowd/t';
    gov.OutputConfig!.KmsKeyId = 'arn:aws-cn:kms:us-gov-west-1:123456789012:key/k';
    expect(arnRegionProblems(gov, 'us-gov-west-1').map((p) => p.message)).toEqual(['names partition aws-cn, but us-gov-west-1 is in partition aws-us-gov']);
    const sovereign = withFunctionsIn(base(), 'aws-eusc', 'eusc-de-east-1');
    sovereign.HumanTaskConfig!.WorkteamArn = 'arn:aws-eusc:sagemaker:eusc-de-east-1:123456789012:workteam/private-crowd/t';
    sovereign.OutputConfig!.SnsTopicArn = 'arn:aws-eusc:sns:eusc-de-east-1:123456789012:GroundTruth-out';
    expect(arnRegionProblems(sovereign, 'eusc-de-east-1')).toEqual([]);
    // The functions' ARNs too: Ground Truth invokes them from the job's Region.
    const functions = withFunctionsIn(base(), 'aws', 'cn-north-1');
    functions.HumanTaskConfig!.WorkteamArn = 'arn:aws-cn:sagemaker:cn-north-1:123456789012:workteam/private-crowd/t';
    expect(arnRegionProblems(functions, 'cn-north-1').map((p) => `${p.path}: ${p.message}`)).toEqual([
      'HumanTaskConfig.PreHumanTaskLambdaArn: names partition aws, but cn-north-1 is in partition aws-cn',
      'HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn: names partition aws, but cn-north-1 is in partition aws-cn',
    ]);
  });

  it('the public crowd outside the aws partition is an error with no ARN to correct: Mechanical Turk is offered in aws only', () => {
    for (const partition of ['aws', 'aws-cn']) {
      const request = withFunctionsIn(base(), 'aws-cn', 'cn-north-1');
      request.HumanTaskConfig!.WorkteamArn = `arn:${partition}:sagemaker:cn-north-1:394669845002:workteam/public-crowd/default`;
      expect(arnRegionProblems(request, 'cn-north-1'), partition).toEqual([
        {
          severity: 'error',
          path: 'HumanTaskConfig.WorkteamArn',
          message: 'is the public crowd (Amazon Mechanical Turk), which Ground Truth offers in the aws partition only, and cn-north-1 is in partition aws-cn',
          fix: 'use a private or vendor workforce (set workforce.kind to "private" or "vendor" and set workforce.workteamArn to its work team), or set region to a Region of the aws partition',
        },
      ]);
    }
  });

  it('builds a streaming job with topics of another Region as errors at their config fields (gtkit job and lint)', () => {
    const job = buildJob(validConfig({ streaming: { inputTopicArn: 'arn:aws:sns:us-east-1:123456789012:GroundTruth-in', outputTopicArn: 'arn:aws:sns:us-east-1:123456789012:GroundTruth-out' }, s3: { bucket: 'acme-sagemaker-gt', prefix: 'p', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' } }), { arns });
    expect(job.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.fix}`)).toEqual([
      "InputConfig.DataSource.SnsDataSource.SnsTopicArn: set streaming.inputTopicArn to a topic in eu-west-1 (Ground Truth subscribes to it from the job's Region), or set region to us-east-1",
      'OutputConfig.SnsTopicArn: set streaming.outputTopicArn to a topic in eu-west-1, or set region to us-east-1',
      "OutputConfig.KmsKeyId: set s3.kmsKeyId to a key of eu-west-1 (S3 encrypts the output only with a key of its bucket's Region; a multi-Region key has a replica with its own ARN in each Region)",
    ]);
  });
});
