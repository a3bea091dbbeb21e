import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { fromFlags } from '../../../scaffold/commands/init-answers.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { initCommandError } from './init-command.ts';

const temp = useTempRoot('gtkit-init-streaming-');
const input = 'arn:aws:sns:us-east-1:123456789012:GroundTruth-in';
const output = 'arn:aws:sns:us-east-1:123456789012:GroundTruth-out';

describe('gtkit init: a streaming task from flags', () => {
  it('--input-topic, --output-topic and --data-prefixes make the streaming section', () => {
    expect(fromFlags('t', { type: 'bounding-box', inputTopic: input, outputTopic: output, dataPrefixes: 's3://acme-uploads/incoming/, s3://acme-uploads/more/' })).toMatchObject({
      streaming: { inputTopicArn: input, outputTopicArn: output, dataPrefixes: ['s3://acme-uploads/incoming/', 's3://acme-uploads/more/'] },
    });
    expect(fromFlags('t', { type: 'bounding-box', inputTopic: input }).streaming).toEqual({ inputTopicArn: input });
    expect(fromFlags('t', { type: 'bounding-box' })).not.toHaveProperty('streaming');
  });

  it('the other two flags without --input-topic, an empty topic or a folder that is no s3:// URI are usage errors', () => {
    expect(() => fromFlags('t', { type: 'bounding-box', outputTopic: output })).toThrow(new UsageError('--output-topic belongs to a streaming job: give --input-topic <arn> too (the SNS topic Ground Truth takes objects from)'));
    expect(() => fromFlags('t', { type: 'bounding-box', outputTopic: output, dataPrefixes: 's3://b/x/' })).toThrow(/^--output-topic and --data-prefixes belong to a streaming job/);
    expect(() => fromFlags('t', { type: 'bounding-box', inputTopic: ' ' })).toThrow(/^--input-topic needs the ARN of an SNS topic/);
    expect(() => fromFlags('t', { type: 'bounding-box', inputTopic: input, dataPrefixes: 'acme-uploads/incoming/' })).toThrow(new UsageError('--data-prefixes takes S3 folders such as s3://my-bucket/incoming/, got "acme-uploads/incoming/"'));
  });

  it('writes the section into gtkit.config.ts; the same topic twice is refused, naming --output-topic, before anything is written', async () => {
    const dir = join(temp.path, 'stream');
    expect(await initCommandError([dir, '--type', 'text-classification', '--input-topic', input, '--output-topic', output, '--yes'])).toBeUndefined();
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    expect(config).toContain(`streaming: {\n    inputTopicArn: "${input}",\n    outputTopicArn: "${output}"\n  }`);
    const same = join(temp.path, 'same');
    const error = await initCommandError([same, '--type', 'text-classification', '--input-topic', input, '--output-topic', input, '--yes']);
    expect(String((error as Error).message)).toContain(`--output-topic (OutputConfig.SnsTopicArn): is the input topic too (${input})`);
    expect(existsSync(same)).toBe(false);
  }, 60_000);

  it('a data folder in a bucket S3 would refuse is refused naming --data-prefixes, not a gtkit.config.ts that is not written', async () => {
    const bad = join(temp.path, 'bad-bucket');
    const error = await initCommandError([bad, '--type', 'text-classification', '--input-topic', input, '--data-prefixes', 's3://Bad_Bucket/x/', '--yes']);
    const message = String((error as Error).message);
    expect(message).toContain('--data-prefixes (streaming.dataPrefixes[0]): the bucket "Bad_Bucket" of "s3://Bad_Bucket/x/" is not a valid S3 bucket name');
    expect(message).toContain('(give --data-prefixes folders s3://<bucket>/<folder>/ with a bucket name of ');
    expect(message).not.toContain('gtkit.config.ts');
    expect(existsSync(bad)).toBe(false);
  }, 60_000);

  it('initTask called from code with a data folder that is no S3 folder refuses it as the config check would, before anything is written', async () => {
    const dir = join(temp.path, 'from-code');
    const made = initTask({ dir, type: 'text-classification', streaming: { inputTopicArn: input, dataPrefixes: ['incoming/'] } });
    await expect(made).rejects.toThrow(UsageError);
    await expect(made).rejects.toThrow('--data-prefixes (streaming.dataPrefixes[0]): expected an S3 folder such as "s3://my-bucket/incoming/" (s3://, a bucket, then the key prefix), got "incoming/" (give --data-prefixes S3 folders s3://<bucket>/<folder>/)');
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('a task made without them says in its config how to make it streaming', async () => {
    const dir = join(temp.path, 'plain');
    expect(await initCommandError([dir, '--type', 'text-classification', '--yes'])).toBeUndefined();
    expect(await readFile(join(dir, 'gtkit.config.ts'), 'utf8')).toContain('// A streaming job (objects sent to an SNS topic): add streaming: { inputTopicArn: "arn:aws:sns:…",');
  }, 60_000);
});
