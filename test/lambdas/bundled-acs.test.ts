import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTaskLambdas, loadBundledHandler } from '../../build.ts';
import { buildAcsEvent, buildAcsPayload, createLambdaContext, privateWorkerId } from '../../lambdas/testing/index.ts';
import { initTask } from '../../scaffold/init/init-task.ts';
import { withEnv } from '../../scaffold/task/with-env.ts';
import { startLocalS3, type LocalS3 } from '../helpers/s3rver.ts';

let s3: LocalS3;
let root: string;
beforeAll(async () => {
  s3 = await startLocalS3(['gtkit-test-bucket']);
  root = await mkdtemp(join(tmpdir(), 'gtkit-bundled-acs-'));
});
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

describe('the bundled ACS against an S3-protocol server', () => {
  it('consolidates a 1,000-object × 3-worker payload into 1,000 entries', async () => {
    const dir = join(root, 'task');
    await initTask({ dir, type: 'text-classification' });
    const { acs } = await buildTaskLambdas(dir);
    const labels = ['refund', 'delivery', 'other'];
    const payload = buildAcsPayload(
      Array.from({ length: 1000 }, (_, i) => ({
        datasetObjectId: i,
        answers: [0, 1, 2].map((w) => ({ workerId: privateWorkerId(w + 1), answer: { category: { label: labels[(i + (w === 2 ? 1 : 0)) % 3] } } })),
      })),
    );
    const key = 'output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/2026-11-23_00:00:00.json';
    await s3.client.send(new PutObjectCommand({ Bucket: 'gtkit-test-bucket', Key: key, Body: JSON.stringify(payload) }));
    const handler = await loadBundledHandler(acs.bundleFile);
    const event = buildAcsEvent({ payloadUri: `s3://gtkit-test-bucket/${key}`, labelAttributeName: 'intent', outputConfig: 's3://gtkit-test-bucket/output/job/annotations' });
    const response = (await withEnv({ GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'WARN' }, () =>
      handler(JSON.parse(JSON.stringify(event)), createLambdaContext()),
    )) as Array<{ datasetObjectId: string; consolidatedAnnotation: { content: Record<string, unknown> } }>;
    expect(response).toHaveLength(1000);
    expect(new Set(response.map((e) => e.datasetObjectId)).size).toBe(1000);
    expect(response[0]?.consolidatedAnnotation.content.intent).toBe(0);
    expect(response.every((e) => typeof e.consolidatedAnnotation.content.intent === 'number')).toBe(true);
  }, 60_000);
});
