import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { defaultClients, deployTask } from '../../../scaffold/deploy/deploy.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { jobUploads } from '../../../scaffold/deploy/uploads.ts';
import { corsNeedOf, streamedCorsNote } from '../../../scaffold/deploy/cors-need.ts';
import { dataPrefixesOfTask, groundTruthExecutionPolicy, preExecutionPolicy } from '../../../scaffold/deploy/policies.ts';
import { streamedDataUnset } from '../../../scaffold/job/streamed-data.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { validConfig } from '../job/fixtures.ts';
import { parseManifest } from '../../../scaffold/run/manifest.ts';

const temp = useTempRoot('gtkit-streaming-deploy-');
const place = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };
const inputTopicArn = 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in';
const streamingConfig = (overrides: Partial<NonNullable<TaskConfig['streaming']>> = {}, config: Partial<TaskConfig> = {}) => validConfig({ streaming: { inputTopicArn, ...overrides }, ...config });
const taskWith = (config: TaskConfig) => ({ dir: '/t', config, paths: { template: '/t/template.liquid.html', manifest: '/t/manifest.jsonl' } }) as unknown as LoadedTask;
const sampleManifest = parseManifest('{"source-ref":"s3://acme-sagemaker-gt/ticket-intent/samples/1.txt","truth":"refund"}\n').lines;
const readStatement = (policy: { Statement: Array<Record<string, unknown>> }, sid: string) => policy.Statement.find((s) => s.Sid === sid)?.Resource;

describe('a streaming task on deploy', () => {
  it('does not upload its sample manifest (the request sends none, and its truth answers would go to S3 for nothing)', () => {
    expect(jobUploads(taskWith(streamingConfig())).map((u) => u.what)).toEqual(['template', 'labelCategories']);
  });

  it('has its roles read streaming.dataPrefixes beside the sample manifest\'s folders (both --create-roles and the stack take this list)', () => {
    const config = streamingConfig({ dataPrefixes: ['s3://acme-uploads/incoming', 's3://acme-uploads/incoming/'] }, { type: 'named-entity' });
    const prefixes = dataPrefixesOfTask(config, sampleManifest);
    expect(prefixes).toEqual(['s3://acme-sagemaker-gt/ticket-intent/samples/', 's3://acme-uploads/incoming/']);
    expect(readStatement(groundTruthExecutionPolicy(config, place, prefixes), 'ReadTaskFilesAndData')).toContain('arn:aws:s3:::acme-uploads/incoming/*');
    expect(readStatement(groundTruthExecutionPolicy(config, place, prefixes), 'LocateBuckets')).toContain('arn:aws:s3:::acme-uploads');
    // The named-entity PRE reads each object's text with its own role.
    expect(readStatement(preExecutionPolicy(config, place, prefixes), 'ReadSourceText')).toContain('arn:aws:s3:::acme-uploads/incoming/*');
    // A value that is no S3 folder grants nothing (the config and job checks refuse it at its field).
    expect(dataPrefixesOfTask(streamingConfig({ dataPrefixes: ['incoming/', 's3://acme-uploads/incoming'] }), sampleManifest)).toEqual(['s3://acme-sagemaker-gt/ticket-intent/samples/', 's3://acme-uploads/incoming/']);
    // A manifest job's list is the manifest's alone.
    expect(dataPrefixesOfTask(validConfig(), sampleManifest)).toEqual(['s3://acme-sagemaker-gt/ticket-intent/samples/']);
  });

  it('warns when streaming.dataPrefixes is not set, and only then', () => {
    expect(streamedDataUnset(streamingConfig())?.path).toBe('streaming.dataPrefixes');
    expect(streamedDataUnset(streamingConfig({ dataPrefixes: ['s3://acme-uploads/incoming/'] }))).toBeUndefined();
    expect(streamedDataUnset(validConfig())).toBeUndefined();
  });

  it('checks the CORS rule of the streamed folders\' buckets too, and says which buckets it checks', () => {
    const template = '<crowd-bounding-box name="b" src="x" labels="[]"></crowd-bounding-box>';
    const cors = corsNeedOf(template, sampleManifest, ['s3://acme-uploads/incoming/']);
    expect(cors).toEqual({ user: 'crowd-bounding-box', buckets: ['acme-sagemaker-gt', 'acme-uploads'] });
    expect(streamedCorsNote(streamingConfig({ dataPrefixes: ['s3://acme-uploads/incoming/'] }), cors)).toMatch(/gtkit checks only the buckets the manifest and streaming\.dataPrefixes name$/);
    expect(streamedCorsNote(streamingConfig(), cors)).toMatch(/gtkit checks only the buckets the manifest names \(set streaming\.dataPrefixes to add the streamed objects' folders\)$/);
    expect(streamedCorsNote(validConfig(), cors)).toBeUndefined();
    expect(streamedCorsNote(streamingConfig(), undefined)).toBeUndefined();
  });
});

describe('gtkit deploy of a streaming task', () => {
  /** A streaming task folder whose output topic is its input topic, with no streaming.dataPrefixes. */
  async function loopingTask(name: string): Promise<string> {
    const dir = join(temp.path, name);
    await initTask({ dir, type: 'text-classification', streaming: { inputTopicArn: 'arn:aws:sns:us-east-1:123456789012:GroundTruth-in' } });
    const file = join(dir, 'gtkit.config.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace('inputTopicArn: "arn:aws:sns:us-east-1:123456789012:GroundTruth-in"', 'inputTopicArn: "arn:aws:sns:us-east-1:123456789012:GroundTruth-in", outputTopicArn: "arn:aws:sns:us-east-1:123456789012:GroundTruth-in"'));
    return dir;
  }
  const loopWarning = 'streaming.outputTopicArn is the input topic too (arn:aws:sns:us-east-1:123456789012:GroundTruth-in): Ground Truth publishes each labelled object to it, so the job would take every label it makes back in as a new object to label, without end; set streaming.outputTopicArn in gtkit.config.ts to another topic, or leave it out';

  it('warns, before it builds, about an output topic that is the input topic and about streamed data nobody named', async () => {
    const lines: string[] = [];
    const result = await deployTask(await loadTask(await loopingTask('loop')), { dryRun: true, skipUploads: true }, defaultClients('us-east-1'), (line) => lines.push(line));
    expect(result.warnings).toEqual(expect.arrayContaining([loopWarning, expect.stringMatching(/^streaming\.dataPrefixes is not set, so nothing says where the objects sent to /)]));
    const build = lines.findIndex((l) => l.startsWith('build:'));
    expect(lines.indexOf(`warning: ${loopWarning}`)).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf(`warning: ${loopWarning}`)).toBeLessThan(build);
  }, 60_000);

  it('--emit-cloudformation gives the same streaming warnings as the deploy itself', async () => {
    const dir = await loopingTask('loop-stack');
    const out: string[] = [];
    await runDeployCommand(dir, { emitCloudformation: join(dir, 'stack.json'), json: true }, { out: (line) => out.push(line), err: () => {} });
    const { warnings } = JSON.parse(out.join('\n')) as { warnings: string[] };
    expect(warnings).toEqual(expect.arrayContaining([loopWarning, expect.stringMatching(/^streaming\.dataPrefixes is not set, so nothing says where the objects sent to /)]));
  }, 60_000);
});
