import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJob, type JobInputs } from '../../../scaffold/job/build-request.ts';
import { manifestDataOf, unreadableDataProblems } from '../../../scaffold/job/data-access.ts';
import { readJobInputs } from '../../../scaffold/job/job-inputs.ts';
import { parseManifest, readManifest } from '../../../scaffold/run/manifest.ts';
import { roleNames } from '../../../scaffold/deploy/names.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from './fixtures.ts';

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
const manifest = [
  '{"source-ref":"s3://acme-images/cats/1.jpg"}',
  '{"source-ref":"s3://acme-images/cats/2.jpg","mask":"s3://acme-images/masks/2.png"}',
  '{"source-ref":"s3://acme-sagemaker-gt/ticket-intent/data/3.jpg"}',
  '{"source":"inline text"}',
].join('\n');
/** The data of a manifest's text, as gtkit job has it from the lines it read. */
const dataOf = (file: string, text: string) => manifestDataOf(file, parseManifest(text).lines);
const data = dataOf('manifest.jsonl', manifest);
const dataWarnings = (inputs: JobInputs, config = validConfig()) => buildJob(config, { arns, ...inputs }).problems.filter((p) => p.message.includes(' names objects under '));

describe('data objects outside the managed policy', () => {
  it('warns once per bucket outside the markers, naming its folders, with the read-only statement that grants them', () => {
    const problems = dataWarnings({ manifestData: data });
    expect(problems).toEqual([
      {
        severity: 'warning',
        path: 'InputConfig.DataSource.S3DataSource.ManifestS3Uri',
        message:
          "manifest.jsonl names objects under s3://acme-images/cats/, s3://acme-images/masks/, where the ARNs contain none of GroundTruth, Groundtruth, groundtruth, SageMaker, Sagemaker, sagemaker: the AmazonSageMakerGroundTruthExecution policy does not let the job's role read them, and grant_read_access presigns them with that role, so with that policy alone every worker gets 403 Forbidden",
        fix: 'attach to arn:aws:iam::123456789012:role/GroundTruthExecRole: {"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::acme-images/cats/*","arn:aws:s3:::acme-images/masks/*"]}, and kms:Decrypt on the key if the objects are encrypted with a KMS key (SSE-KMS); or run gtkit deploy --create-roles and set roleArn to the role it makes (its policy grants the manifest\'s data); or tag the objects SageMaker=true',
      },
    ]);
  });

  it('is silent for a role gtkit made for the job: recorded by deploy or the stack, or named as --create-roles names it', () => {
    const made = `arn:aws:iam::123456789012:role/${roleNames(validConfig()).groundTruthExecution}`;
    expect(dataWarnings({ manifestData: data, gtkitGroundTruthRoles: ['arn:aws:iam::123456789012:role/GroundTruthExecRole'] })).toEqual([]);
    expect(dataWarnings({ manifestData: data }, validConfig({ roleArn: made }))).toEqual([]);
    expect(dataWarnings({ manifestData: data }, validConfig({ roleArn: made.replace(':role/', ':role/service-role/') }))).toEqual([]);
    // A role gtkit made for another job does not count.
    expect(dataWarnings({ manifestData: data, gtkitGroundTruthRoles: ['arn:aws:iam::123456789012:role/other'] })).toHaveLength(1);
    expect(dataWarnings({ manifestData: data }, validConfig({ roleArn: 'arn:aws:iam::123456789012:role/SageMaker-other-job-groundtruth' }))).toHaveLength(1);
  });

  it('a gtkit role also silences the managed-policy warnings about the task\'s own files', () => {
    const config = validConfig({ s3: { bucket: 'acme-labels', prefix: 'intent' } });
    const outside = (inputs: JobInputs) => buildJob(config, { arns, ...inputs }).problems.filter((p) => p.message.includes('AmazonSageMakerGroundTruthExecution policy does not cover it')).map((p) => p.path);
    expect(outside({})).toEqual(['InputConfig.DataSource.S3DataSource.ManifestS3Uri', 'HumanTaskConfig.UiConfig.UiTemplateS3Uri', 'OutputConfig.S3OutputPath']);
    expect(outside({ gtkitGroundTruthRoles: [config.roleArn] })).toEqual([]);
  });

  it('judges each object by its own URI: a file name with a marker is readable though its folder is not, and folders past the limit keep their markers', () => {
    expect(dataWarnings({ manifestData: dataOf('m', '{"source-ref":"s3://acme-images/cats/sagemaker-0001.jpg"}\n') })).toEqual([]);
    const manyMarked = Array.from({ length: 25 }, (_, i) => `{"source-ref":"s3://acme-images/groundtruth/f${i}/1.jpg"}`).join('\n');
    expect(dataOf('m', manyMarked).buckets).toEqual(['acme-images']);
    expect(dataWarnings({ manifestData: dataOf('m', manyMarked) })).toEqual([]);
    // One unmarked folder among them is still named.
    expect(dataWarnings({ manifestData: dataOf('m', `${manyMarked}\n{"source-ref":"s3://acme-images/other/2.jpg"}`) }).map((p) => p.message.split(',')[0])).toEqual(['m names objects under s3://acme-images/other/']);
  });

  it('the statement grants the folders literally: a * or ? in a folder name is no wildcard', () => {
    const request = buildJob(validConfig(), { arns }).request;
    const [problem] = unreadableDataProblems(request, dataOf('m', '{"source-ref":"s3://acme-images/imgs*/1.jpg"}\n'), { region: 'eu-west-1', roleGrantsData: false });
    expect(JSON.parse(/: (\{.*\}), and kms:Decrypt/.exec(problem?.fix ?? '')?.[1] ?? '{}').Resource).toBe('arn:aws:s3:::acme-images/imgs${*}/*');
  });

  it('says nothing of a streaming job (its objects come through the topic) or a manifest with no s3:// objects', () => {
    const streaming = validConfig({ streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } });
    expect(dataWarnings({ manifestData: data }, streaming)).toEqual([]);
    expect(dataWarnings({ manifestData: dataOf('m', '{"source":"a"}\n') })).toEqual([]);
    expect(dataWarnings({ manifestData: dataOf('m', '') })).toEqual([]);
  });

  it('names at most 20 buckets, then counts the rest; lists 5 folders of a bucket, granting them all; a China Region gets its partition', () => {
    const request = buildJob(validConfig(), { arns }).request;
    const buckets = Array.from({ length: 25 }, (_, i) => `s3://bucket-${String(i).padStart(2, '0')}/`);
    const problems = unreadableDataProblems(request, { file: 'm.jsonl', buckets: buckets.map((b) => b.slice('s3://'.length, -1)), unreadablePrefixes: buckets }, { region: 'cn-north-1', roleGrantsData: false });
    expect(problems).toHaveLength(21);
    expect(problems[0]?.fix).toContain('"Resource":"arn:aws-cn:s3:::bucket-00/*"');
    expect(problems[20]?.message).toBe('m.jsonl names objects in 5 more bucket(s) outside the AmazonSageMakerGroundTruthExecution policy (first: s3://bucket-20/)');
    const folders = Array.from({ length: 7 }, (_, i) => `s3://imgs/f${i}/`);
    const [one, ...rest] = unreadableDataProblems(request, { file: 'm.jsonl', buckets: ['imgs'], unreadablePrefixes: folders }, { region: 'eu-west-1', roleGrantsData: false });
    expect(rest).toEqual([]);
    expect(one?.message).toMatch(/^m\.jsonl names objects under s3:\/\/imgs\/f0\/, .*, s3:\/\/imgs\/f4\/ and 2 more folder\(s\) of the bucket, where/);
    expect(JSON.parse(/: (\{.*\}), and kms:Decrypt/.exec(one?.fix ?? '')?.[1] ?? '{}').Resource).toHaveLength(7);
  });

  it("past 20 folders suggests the key prefix they share, as the roles gtkit makes grant it, not the whole bucket", () => {
    const lines = Array.from({ length: 21 }, (_, i) => JSON.stringify({ 'source-ref': `s3://acme-crm/customer-${i + 1}/doc.jpg` })).join('\n');
    const many = dataOf('m.jsonl', lines);
    expect(many.unreadablePrefixes).toEqual(['s3://acme-crm/customer-']);
    const request = buildJob(validConfig(), { arns }).request;
    const [problem] = unreadableDataProblems(request, many, { region: 'eu-west-1', roleGrantsData: false });
    expect(problem?.fix).toContain('"Resource":"arn:aws:s3:::acme-crm/customer-*"');
  });

  it('reads the data folders from the task\'s manifest, and the gtkit roles from the deploy state and stack outputs', async () => {
    const state = { version: 1, region: 'eu-west-1', functions: {}, uploads: {}, roles: { groundTruthExecution: 'arn:aws:iam::123456789012:role/made-by-deploy' } };
    const stack = { Outputs: [
      { OutputKey: 'PreAnnotationLambdaArn', OutputValue: arns.pre },
      { OutputKey: 'ConsolidationLambdaArn', OutputValue: arns.acs },
      { OutputKey: 'GroundTruthExecutionRoleArn', OutputValue: 'arn:aws:iam::123456789012:role/made-by-stack' },
    ] };
    const { dir, cleanup } = await makeTaskDir(validConfig(), { 'data/m.jsonl': `\uFEFF${manifest}\n{broken\n`, '.gtkit/deploy-state.json': JSON.stringify(state), 'stack.json': JSON.stringify(stack) });
    try {
      const file = join(dir, 'data', 'm.jsonl');
      const inputs = await readJobInputs(dir, join(dir, 'stack.json'), validConfig(), { file, lines: (await readManifest(file)).lines });
      expect(inputs.manifestData?.buckets).toEqual(['acme-images', 'acme-sagemaker-gt']);
      // The third folder's bucket name carries the managed policy's sagemaker marker.
      expect(inputs.manifestData?.unreadablePrefixes).toEqual(['s3://acme-images/cats/', 's3://acme-images/masks/']);
      expect(inputs.manifestData?.file).toMatch(/data\/m\.jsonl$/);
      expect(inputs.gtkitGroundTruthRoles).toEqual(['arn:aws:iam::123456789012:role/made-by-deploy', 'arn:aws:iam::123456789012:role/made-by-stack']);
      // No manifest read (missing, or a streaming job's): no data named here; checkJobManifest says what is wrong with a missing one.
      expect((await readJobInputs(dir, undefined, validConfig())).manifestData).toBeUndefined();
    } finally {
      await cleanup();
    }
  });
});
