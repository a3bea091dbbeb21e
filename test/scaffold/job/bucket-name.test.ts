import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { bucketNameProblem } from '../../../scaffold/job/bucket-name.ts';
import { validateJobRequest } from '../../../scaffold/job/validate-request.ts';
import { validConfig } from './fixtures.ts';

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
const errorsOf = (config: ReturnType<typeof validConfig>, inputs: Parameters<typeof buildJob>[1] = { arns }) => buildJob(config, inputs).problems.filter((p) => p.severity === 'error');
const bucketFix = "set s3.bucket in gtkit.config.ts to your bucket's name: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";

describe('S3 general-purpose bucket naming rules', () => {
  it.each([
    ['abc'],
    ['a'.repeat(63)],
    ['sagemaker-eu-west-1-123456789012-groundtruth'],
    ['my.data.bucket'],
    ['1-2-3'],
    ['192.168.5.4x'],
  ])('accepts %s', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['ab', 'it has 2 characters; S3 allows 3 to 63'],
    ['a'.repeat(64), 'it has 64 characters; S3 allows 3 to 63'],
    ['Bad_Bucket', 'it has characters S3 does not allow: "B", "_"'],
    ['my bucket', 'it has characters S3 does not allow: " "'],
    ['my-bucket/sub', 'it has characters S3 does not allow: "/"'],
    ['-bucket', 'it must start and end with a lowercase letter or digit'],
    ['bucket.', 'it must start and end with a lowercase letter or digit'],
    ['my..bucket', 'it has two dots in a row'],
    ['192.168.5.4', 'it is formatted like an IP address'],
    ['xn--bucket', 'it starts with "xn--", which S3 reserves'],
    ['sthree-bucket', 'it starts with "sthree-", which S3 reserves'],
    ['amzn-s3-demo-bucket', 'it starts with "amzn-s3-demo-", which S3 reserves'],
    ['bucket-s3alias', 'it ends with "-s3alias", which S3 reserves'],
    ['bucket--ol-s3', 'it ends with "--ol-s3", which S3 reserves'],
    ['bucket.mrap', 'it ends with ".mrap", which S3 reserves'],
    ['bucket--x-s3', 'it ends with "--x-s3", which S3 reserves'],
    ['bucket--table-s3', 'it ends with "--table-s3", which S3 reserves'],
    ['XN--A..', 'it has characters S3 does not allow: "X", "N", "A"; it must start and end with a lowercase letter or digit; it has two dots in a row'],
  ])('refuses %s: %s', (name, reason) => {
    expect(bucketNameProblem(name)).toBe(reason);
  });
});

describe('gtkit job / gtkit lint: the bucket of every S3 location', () => {
  it('s3.bucket is checked once, where it is written, not once per location derived from it', () => {
    expect(errorsOf(validConfig({ s3: { bucket: 'Bad_Bucket', prefix: 'x' } }))).toEqual([
      { severity: 'error', path: 's3.bucket', message: '"Bad_Bucket" is not a valid S3 bucket name: it has characters S3 does not allow: "B", "_"', fix: bucketFix },
    ]);
  });

  it('a slash in s3.bucket is not quietly moved into the key', () => {
    expect(errorsOf(validConfig({ s3: { bucket: 'acme-sagemaker-gt/ticket', prefix: 'x' } }))).toEqual([
      { severity: 'error', path: 's3.bucket', message: '"acme-sagemaker-gt/ticket" is not a valid S3 bucket name: it has characters S3 does not allow: "/"', fix: bucketFix },
    ]);
  });

  it('s3.outputPath: its bucket obeys the same rules', () => {
    expect(errorsOf(validConfig({ s3: { bucket: 'acme-sagemaker-gt', prefix: 'x', outputPath: 's3://192.168.1.1/out/' } }))).toEqual([
      {
        severity: 'error',
        path: 's3.outputPath',
        message: 'the bucket "192.168.1.1" of "s3://192.168.1.1/out/" is not a valid S3 bucket name: it is formatted like an IP address',
        fix: 'set s3.outputPath in gtkit.config.ts to s3://<bucket>/<prefix>/ with a bucket name of 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (or leave it out: it defaults to s3://<s3.bucket>/<s3.prefix>/output/)',
      },
    ]);
    expect(errorsOf(validConfig({ s3: { bucket: 'acme-sagemaker-gt', prefix: 'x', outputPath: 's3://sagemaker-out/jobs/' } }))).toEqual([]);
  });

  it('locations from the deploy state, and requests validated directly, are checked at their request path', () => {
    const errors = errorsOf(validConfig(), { arns, locations: { template: 's3://Sagemaker_Templates/t.html' } });
    expect(errors).toEqual([
      {
        severity: 'error',
        path: 'HumanTaskConfig.UiConfig.UiTemplateS3Uri',
        message: 'the bucket "Sagemaker_Templates" of "s3://Sagemaker_Templates/t.html" is not a valid S3 bucket name: it has characters S3 does not allow: "S", "_", "T"',
        fix: 'use a location in a bucket named with 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
      },
    ]);
    const request = structuredClone(buildJob(validConfig(), { arns }).request);
    request.LabelCategoryConfigS3Uri = 's3://xn--labels/l.json';
    expect(validateJobRequest(request, { region: 'eu-west-1' }).filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`)).toEqual([
      'LabelCategoryConfigS3Uri: the bucket "xn--labels" of "s3://xn--labels/l.json" is not a valid S3 bucket name: it starts with "xn--", which S3 reserves',
    ]);
  });
});
