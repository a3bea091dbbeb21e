import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { validateJobRequest } from '../../../scaffold/job/validate-request.ts';
import { roleNames } from '../../../scaffold/deploy/names.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { validConfig } from './fixtures.ts';
import { problemsOf } from '../config-problems.ts';

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
const topic = (name: string) => `arn:aws:sns:eu-west-1:123456789012:${name}`;
const streaming = (settings: NonNullable<TaskConfig['streaming']>, overrides: Partial<TaskConfig> = {}) => validConfig({ streaming: settings, ...overrides });
const problemsAt = (config: TaskConfig, path: string, inputs = {}) => buildJob(config, { arns, ...inputs }).problems.filter((p) => p.path === path);

describe('a streaming job whose output topic is its input topic', () => {
  it('is an error at OutputConfig.SnsTopicArn that names the config key: each label would come back as a new object', () => {
    const config = streaming({ inputTopicArn: topic('GroundTruth-x'), outputTopicArn: topic('GroundTruth-x') });
    expect(problemsAt(config, 'OutputConfig.SnsTopicArn')).toEqual([
      {
        severity: 'error',
        path: 'OutputConfig.SnsTopicArn',
        message: `is the input topic too (${topic('GroundTruth-x')}): Ground Truth publishes each labelled object to it, so the job would take every label it makes back in as a new object to label, without end`,
        fix: 'set streaming.outputTopicArn in gtkit.config.ts to another topic, or leave it out',
      },
    ]);
    // The request validator alone says it too (lint, job and deploy all validate the request).
    const request = buildJob(config, { arns }).request;
    expect(validateJobRequest(request).filter((p) => p.severity === 'error').map((p) => p.path)).toEqual(['OutputConfig.SnsTopicArn']);
  });

  it('two topics, or no output topic, are fine', () => {
    expect(problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in'), outputTopicArn: topic('GroundTruth-out') }), 'OutputConfig.SnsTopicArn')).toEqual([]);
    expect(problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in') }), 'OutputConfig.SnsTopicArn')).toEqual([]);
  });
});

describe('topics outside the AmazonSageMakerGroundTruthExecution policy', () => {
  it('warns about a topic name with neither GroundTruth nor SageMaker in it, with the statement to attach', () => {
    const config = streaming({ inputTopicArn: topic('support-tickets'), outputTopicArn: topic('labelled-tickets'), dataPrefixes: ['s3://acme-sagemaker-gt/in/'] });
    const input = problemsAt(config, 'InputConfig.DataSource.SnsDataSource.SnsTopicArn');
    expect(input).toHaveLength(1);
    expect(input[0]?.severity).toBe('warning');
    expect(input[0]?.message).toContain('the topic name "support-tickets" contains neither GroundTruth nor SageMaker');
    expect(input[0]?.fix).toContain(`attach to ${config.roleArn}: {"Effect":"Allow","Action":"sns:Subscribe","Resource":"${topic('support-tickets')}"}`);
    const output = problemsAt(config, 'OutputConfig.SnsTopicArn');
    expect(output.map((p) => p.fix)).toEqual([expect.stringContaining(`{"Effect":"Allow","Action":"sns:Publish","Resource":"${topic('labelled-tickets')}"}`)]);
  });

  it('says nothing of a name holding either word in any spelling (the policy\'s exact spellings are unverified), nor for a role gtkit made', () => {
    for (const name of ['GroundTruth-in', 'SageMaker-in', 'my-groundtruth-topic', 'sagemaker_in']) {
      expect(problemsAt(streaming({ inputTopicArn: topic(name), dataPrefixes: ['s3://b-sagemaker/x/'] }), 'InputConfig.DataSource.SnsDataSource.SnsTopicArn')).toEqual([]);
    }
    const made = `arn:aws:iam::123456789012:role/${roleNames(validConfig()).groundTruthExecution}`;
    expect(problemsAt(streaming({ inputTopicArn: topic('support-tickets') }, { roleArn: made }), 'InputConfig.DataSource.SnsDataSource.SnsTopicArn')).toEqual([]);
  });
});

describe('where a streaming job\'s objects lie (streaming.dataPrefixes)', () => {
  it('without it, one warning says the roles read only the sample manifest\'s folders, and how to name the streamed ones', () => {
    const problems = problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in') }), 'streaming.dataPrefixes');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.severity).toBe('warning');
    expect(problems[0]?.message).toMatch(/^is not set, so nothing says where the objects sent to arn:aws:sns:eu-west-1:123456789012:GroundTruth-in lie: the roles gtkit deploy --create-roles and its CloudFormation template make read only the folders of the sample manifest's objects/);
    expect(problems[0]?.fix).toBe('set streaming.dataPrefixes in gtkit.config.ts to the S3 folders your streamed objects lie under, e.g. ["s3://acme-sagemaker-gt/incoming/"], then run gtkit deploy --create-roles again (or grant roleArn s3:GetObject on them)');
    // Named entity: the PRE reads the text with its own role too, and its failure fails the job.
    const ner = problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in') }, { type: 'named-entity' }), 'streaming.dataPrefixes');
    expect(ner[0]?.message).toContain('the PRE reads each source-ref\'s text with its own role');
  });

  it('with it, warns about the folders the managed policy cannot read (not for a role gtkit made), and not about marked ones', () => {
    const config = streaming({ inputTopicArn: topic('GroundTruth-in'), dataPrefixes: ['s3://acme-uploads/incoming', 's3://acme-sagemaker-gt/stream/'] });
    const problems = problemsAt(config, 'streaming.dataPrefixes');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^the streamed objects lie under s3:\/\/acme-uploads\/incoming\/, where the ARNs contain none of GroundTruth/)]);
    expect(problems[0]?.fix).toContain('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-uploads/incoming/*"}');
    expect(problemsAt(config, 'streaming.dataPrefixes', { gtkitGroundTruthRoles: [config.roleArn] })).toEqual([]);
  });

  it('a folder written twice (with and without the closing /) is named once, with one Resource', () => {
    const problems = problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in'), dataPrefixes: ['s3://acme-uploads/x', 's3://acme-uploads/x/'] }), 'streaming.dataPrefixes');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^the streamed objects lie under s3:\/\/acme-uploads\/x\/, where the ARNs/)]);
    expect(problems[0]?.fix).toContain('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-uploads/x/*"}');
  });

  it('a job that labels a manifest gets none of this', () => {
    expect(buildJob(validConfig(), { arns }).problems.filter((p) => p.path.startsWith('streaming'))).toEqual([]);
  });

  it('a value that is no S3 folder is an error at its field, worded as the config check words it (a config made in code, as initTask makes one, is not loaded)', () => {
    const config = streaming({ inputTopicArn: topic('GroundTruth-in'), dataPrefixes: ['s3://acme-uploads/incoming/', 'incoming/', 'https://acme-uploads.s3.amazonaws.com/x/'] });
    const problems = buildJob(config, { arns }).problems.filter((p) => p.path.startsWith('streaming.dataPrefixes['));
    expect(problems.map((p) => [p.severity, `${p.path}: ${p.message}`])).toEqual(problemsOf(config).map((said) => ['error', said]));
    expect(problems.map((p) => p.path)).toEqual(['streaming.dataPrefixes[1]', 'streaming.dataPrefixes[2]']);
    expect(problems[0]?.fix).toBe('set streaming.dataPrefixes in gtkit.config.ts to S3 folders s3://<bucket>/<folder>/');
    // Nothing is granted from it, nor warned about as a folder outside the managed policy.
    expect(buildJob(config, { arns }).problems.filter((p) => p.path === 'streaming.dataPrefixes').map((p) => p.message)).toEqual([expect.stringMatching(/^the streamed objects lie under s3:\/\/acme-uploads\/incoming\/, where/)]);
  });

  it('a folder in a bucket S3 would refuse is an error where it is written', () => {
    const problems = problemsAt(streaming({ inputTopicArn: topic('GroundTruth-in'), dataPrefixes: ['s3://acme-sagemaker-gt/a/', 's3://Bad_Bucket/b/'] }), 'streaming.dataPrefixes[1]');
    expect(problems.map((p) => [p.severity, p.message])).toEqual([['error', 'the bucket "Bad_Bucket" of "s3://Bad_Bucket/b/" is not a valid S3 bucket name: it has characters S3 does not allow: "B", "_"']]);
  });
});
