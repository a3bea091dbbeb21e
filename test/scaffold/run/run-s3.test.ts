import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { storeFor } from '../../../scaffold/task/task-parts.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

const bucket = 'sagemaker-us-east-1-123456789012-groundtruth';
let s3: LocalS3;
let root: string;
beforeAll(async () => {
  s3 = await startLocalS3([bucket]);
  root = await mkdtemp(join(tmpdir(), 'gtkit-run-s3-'));
});
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

describe('gtkit run --s3-endpoint', () => {
  it('writes Ground Truth’s layout to an S3-protocol server and the deployable ACS reads it from there; replay straight from the s3:// prefix consolidates every object', async () => {
    const dir = join(root, 'task');
    await initTask({ dir, type: 'image-classification', jobName: 'colours' });
    const { run } = await runTask(dir, { s3Endpoint: s3.endpoint, simulate: '3', seed: '2', batchSize: '2', now: '2026-11-23T00:00:00Z' });
    expect(run.summary.counts.labeled).toBe(6);
    expect(run.outputManifestUri).toBe(`s3://${bucket}/colours/output/colours/manifests/output/output.manifest`);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'colours/output/colours/annotations/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    expect(keys.filter((k) => k.includes('/worker-response/iteration-1/'))).toHaveLength(6);
    expect(keys.filter((k) => k.includes('/consolidation-request/'))).toHaveLength(3);
    expect(keys.filter((k) => k.includes('gtkit-state/consolidation/batches/'))).toHaveLength(3);
    const manifest = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'colours/output/colours/manifests/output/output.manifest' }));
    expect((await manifest.Body?.transformToString())?.trim().split('\n')).toHaveLength(6);

    // Replay straight from the S3 prefix.
    const out = join(root, 'replay.manifest');
    const summary = await consolidateCommand(`s3://${bucket}/colours/output/colours/`, { type: 'image-classification', algorithm: 'majority-vote', labelAttribute: 'colour', labels: 'red,blue,green', out, s3Endpoint: s3.endpoint });
    expect(summary.objects).toBe(6);
    expect(summary.failed).toBe(0);

    // A second run to the same prefix: the first run's carried state would feed it, and the run says so.
    const again = await runTask(dir, { s3Endpoint: s3.endpoint, simulate: '3', seed: '2', now: '2026-11-24T00:00:00Z' });
    expect(again.run.problems).toContainEqual({ stage: 'acs', where: `s3://${bucket}/colours/output/colours/annotations/gtkit-state/`, message: 'an earlier run left its consolidation state here, and the ACS carries it into this run; delete it (or change jobName) for a fresh run' });
    expect(run.problems.filter((p) => p.where.endsWith('gtkit-state/'))).toEqual([]);
  });

  it('an ACS written to the documented shape, reading payload.s3Uri with its own S3Client, reads it from the server', async () => {
    const dir = join(root, 'own-acs');
    await initTask({ dir, type: 'text-classification', jobName: 'own-acs' });
    // The task folder has no node_modules of its own: lend it gtkit's SDK, as npm install would.
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(fileURLToPath(new URL('../../../node_modules/@aws-sdk', import.meta.url)), join(dir, 'node_modules', '@aws-sdk'));
    await writeFile(
      join(dir, 'acs.ts'),
      `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
export const handler = async (event: { labelAttributeName: string; payload: { s3Uri: string } }) => {
  const [, bucket, key] = /^s3:\\/\\/([^/]+)\\/(.+)$/.exec(event.payload.s3Uri) ?? [];
  const body = await new S3Client({}).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const objects = JSON.parse(await body.Body!.transformToString()) as Array<{ datasetObjectId: string; annotations: unknown[] }>;
  return objects.map((o) => ({ datasetObjectId: o.datasetObjectId, consolidatedAnnotation: { content: { [event.labelAttributeName]: { answers: o.annotations.length } } } }));
};
`,
    );
    const { run } = await runTask(dir, { s3Endpoint: s3.endpoint, source: true, simulate: '2', now: '2026-11-23T00:00:00Z' });
    expect(run.problems.filter((p) => p.stage === 'acs')).toEqual([]);
    expect(run.summary.counts.labeled).toBe(6);
  });

  it("gives the handlers' own S3 clients the server as 127.0.0.1 when it was given as localhost (the SDK would ask <bucket>.localhost)", () => {
    expect(storeFor({ kind: 's3', endpoint: 'http://localhost:4568', region: 'eu-west-1' }).env).toMatchObject({ GTKIT_S3_ENDPOINT: 'http://localhost:4568', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568' });
    expect(storeFor({ kind: 's3', endpoint: 'http://localhost.example:4568', region: 'eu-west-1' }).env.AWS_ENDPOINT_URL_S3).toBe('http://localhost.example:4568');
  });

  it('gtkit consolidate reads an s3:// prefix as a folder: s3://b/out/job leaves job-v2 alone; a prefix over several jobs is refused', async () => {
    const put = (key: string, labels: string[]) =>
      s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify({ answers: labels.map((label, i) => ({ workerId: `w${i}-${key.length}`, answerContent: { category: { label } } })) }) }));
    await put('two/job/annotations/worker-response/iteration-1/0/2026-11-23_00:00:00.json', ['red', 'red']);
    await put('two/job-v2/annotations/worker-response/iteration-1/0/2026-11-24_00:00:00.json', ['blue', 'blue', 'blue']);
    const flags = { type: 'image-classification', labels: 'red,blue', out: join(root, 'two.manifest'), s3Endpoint: s3.endpoint };
    expect(await consolidateCommand(`s3://${bucket}/two/job`, flags)).toMatchObject({ objects: 1, files: 1, answers: 2, problems: [] });
    await expect(consolidateCommand(`s3://${bucket}/two/`, flags)).rejects.toThrow(`s3://${bucket}/two/ holds the worker responses of 2 jobs (s3://${bucket}/two/job/, s3://${bucket}/two/job-v2/), whose datasetObjectIds would mix; give one job's folder`);
    // The job's own annotations/worker-response/ prefix reads that job.
    expect(await consolidateCommand(`s3://${bucket}/two/job-v2/annotations/worker-response`, flags)).toMatchObject({ objects: 1, answers: 3 });
  });
});
