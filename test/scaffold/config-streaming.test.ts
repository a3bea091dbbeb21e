import { describe, expect, it } from 'vitest';
import { validConfig } from './job/fixtures.ts';
import { problemsOf } from './config-problems.ts';

const inputTopicArn = 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in';

describe('task config shape: streaming', () => {
  it('a guess such as streaming: true is told the section\'s shape, naming streaming.inputTopicArn', () => {
    const shape = 'streaming: expected { inputTopicArn: "arn:aws:sns:<region>:<account>:<topic>", outputTopicArn?: "…", dataPrefixes?: ["s3://<bucket>/<folder>/"] } for a job fed by an SNS topic (or leave it out for a job that labels the manifest), got';
    expect(problemsOf({ ...validConfig(), streaming: true })).toEqual([`${shape} true`]);
    expect(problemsOf({ ...validConfig(), streaming: inputTopicArn })).toEqual([`${shape} "arn:aws:sns:eu-west-1:123456789012:Groun…"`]);
  });

  it('needs the input topic, and takes an output topic and data folders', () => {
    expect(problemsOf({ ...validConfig(), streaming: {} })).toEqual(['streaming.inputTopicArn: is missing: give the ARN of an SNS topic in the job\'s region, e.g. "arn:aws:sns:eu-west-1:111122223333:GroundTruth-in"']);
    expect(problemsOf({ ...validConfig(), streaming: { inputTopicArn, outputTopicArn: 7 } })).toEqual(['streaming.outputTopicArn: expected an SNS topic ARN, got number: give the ARN of an SNS topic in the job\'s region, e.g. "arn:aws:sns:eu-west-1:111122223333:GroundTruth-out"']);
    expect(problemsOf({ ...validConfig(), streaming: { inputTopicArn, dataPrefixes: ['s3://acme-uploads/incoming/', 's3://acme-uploads', 's3://b/with space/'] } })).toEqual([]);
  });

  it('streaming.dataPrefixes is a list of s3:// folders', () => {
    expect(problemsOf({ ...validConfig(), streaming: { inputTopicArn, dataPrefixes: 's3://acme-uploads/incoming/' } })).toEqual(['streaming.dataPrefixes: expected a list of S3 folders such as ["s3://my-bucket/incoming/"] (or leave it out), got string']);
    expect(problemsOf({ ...validConfig(), streaming: { inputTopicArn, dataPrefixes: ['acme-uploads/incoming/', 3, 'https://acme-uploads.s3.amazonaws.com/x/'] } })).toEqual([
      'streaming.dataPrefixes[0]: expected an S3 folder such as "s3://my-bucket/incoming/" (s3://, a bucket, then the key prefix), got "acme-uploads/incoming/"',
      'streaming.dataPrefixes[1]: expected an S3 folder such as "s3://my-bucket/incoming/", got number',
      'streaming.dataPrefixes[2]: expected an S3 folder such as "s3://my-bucket/incoming/" (s3://, a bucket, then the key prefix), got "https://acme-uploads.s3.amazonaws.com/x/"',
    ]);
    // A misspelt field is still named with the known ones.
    expect(problemsOf({ ...validConfig(), streaming: { inputTopicArn, dataPrefix: [] } })).toEqual(['streaming.dataPrefix: not a field here; did you mean "dataPrefixes"?']);
  });
});
