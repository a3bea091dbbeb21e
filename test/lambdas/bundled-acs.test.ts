import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTaskLambdas, loadBundledHandler } from '../../build.ts';
import { buildAcsEvent, buildAcsPayload, createLambdaContext, privateWorkerId } from '../../lambdas/testing/index.ts';
import { withEnv } from '../../scaffold/task/with-env.ts';
import { startLocalS3, type LocalS3 } from '../helpers/s3rver.ts';
import { fixtureDir } from '../scaffold/build/fixture.ts';
import { decodePng } from '../../lambdas/consolidation/segmentation/png.ts';
import { initTask } from '../../scaffold/init/init-task.ts';

const bucket = 'acme-sagemaker-gt';
const labels = ['refund', 'delivery', 'other'] as const;
let s3: LocalS3;
let root: string;

beforeAll(async () => {
  s3 = await startLocalS3([bucket]);
  root = await mkdtemp(join(tmpdir(), 'gtkit-bundled-acs-'));
}, 30_000);
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

/** Worker w's label for object i: workers 1 and 2 agree on most objects, worker 3 often differs. */
function answerOf(i: number, w: number): string {
  const agreed = labels[i % 3] as string;
  if (w === 3) return labels[(i + 1) % 3] as string;
  if (w === 2 && i % 10 === 0) return labels[(i + 2) % 3] as string; // a three-way tie every tenth object
  return agreed;
}

/** The fixture's rule, computed independently: most votes, ties to the label that sorts first. */
function expectedLabel(i: number): string {
  const votes = new Map<string, number>();
  for (const w of [1, 2, 3]) votes.set(answerOf(i, w), (votes.get(answerOf(i, w)) ?? 0) + 1);
  return [...votes].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0] as string;
}

describe('the ACS bundled with esbuild, against an S3-protocol server', () => {
  it('consolidates a 1,000-object × 3-worker payload in-process into 1,000 entries, one per object, in order', async () => {
    const { acs } = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'build') });
    const payload = buildAcsPayload(
      Array.from({ length: 1000 }, (_, i) => ({
        datasetObjectId: i,
        dataObject: { content: `ticket ${i}` },
        answers: [1, 2, 3].map((w) => ({ workerId: privateWorkerId(w), answer: { category: { label: answerOf(i, w) } } })),
      })),
    );
    const key = 'tickets/output/ticket-intent/annotations/consolidated-annotation/consolidation-request/iteration-1/2026-11-23_03:00:00.json';
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(payload) }));

    const handler = await loadBundledHandler(acs.bundleFile);
    const event = buildAcsEvent({ payloadUri: `s3://${bucket}/${key}`, labelAttributeName: 'intent', jobName: 'ticket-intent', outputConfig: `s3://${bucket}/tickets/output/ticket-intent/annotations` });
    const env = { GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'ERROR' };
    // Lambda hands the handler a JSON-parsed event; the response goes back through JSON too.
    const raw = await withEnv(env, () => handler(JSON.parse(JSON.stringify(event)), createLambdaContext()));
    const response = JSON.parse(JSON.stringify(raw)) as Array<{ datasetObjectId: string; consolidatedAnnotation: { content: { intent: { label: string; votes: Record<string, number> }; 'intent-metadata': { confidence: number } } } }>;

    expect(response).toHaveLength(1000);
    expect(response.map((e) => e.datasetObjectId)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    response.forEach((entry, i) => {
      expect(entry.consolidatedAnnotation.content.intent.label).toBe(expectedLabel(i));
      expect(Object.values(entry.consolidatedAnnotation.content.intent.votes).reduce((a, b) => a + b, 0)).toBe(3);
    });
    expect(response[0]?.consolidatedAnnotation.content['intent-metadata'].confidence).toBeCloseTo(1 / 3);
    expect(response[1]?.consolidatedAnnotation.content['intent-metadata'].confidence).toBeCloseTo(2 / 3);
    // The payload was really read from the server (the bundle's own S3 client, not a local folder).
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '[]')).toHaveLength(1000);
  }, 60_000);
});

describe('a semantic-segmentation ACS bundled with esbuild, run as Lambda runs it', () => {
  it('decodes the workers\' PNGs and writes one consolidated mask PNG per object to S3, returning its URI', async () => {
    const dir = join(root, 'land-cover');
    await initTask({ dir, type: 'semantic-segmentation' });
    const { acs } = await buildTaskLambdas(dir, { outDir: join(root, 'segmentation-build') });
    // The sample answers gtkit init wrote (three simulated workers per object), as Ground Truth's payload.
    const answers = (await readFile(join(dir, 'answers.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { datasetObjectId: string; workerId: string; answerContent: unknown });
    const ids = [...new Set(answers.map((a) => a.datasetObjectId))];
    const payload = buildAcsPayload(ids.map((id) => ({ datasetObjectId: id, answers: answers.filter((a) => a.datasetObjectId === id).map((a) => ({ workerId: a.workerId, answer: a.answerContent })) })));
    const key = 'land/output/land-cover/annotations/consolidated-annotation/consolidation-request/iteration-1/2026-11-23_03:00:00.json';
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(payload) }));
    const handler = await loadBundledHandler(acs.bundleFile);
    const outputConfig = `s3://${bucket}/land/output/land-cover/annotations`;
    const event = buildAcsEvent({ payloadUri: `s3://${bucket}/${key}`, labelAttributeName: 'land-cover', jobName: 'land-cover', outputConfig });
    const env = { GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'ERROR' };
    const raw = await withEnv(env, () => handler(JSON.parse(JSON.stringify(event)), createLambdaContext()));
    const response = JSON.parse(JSON.stringify(raw)) as Array<{ datasetObjectId: string; consolidatedAnnotation: { content: Record<string, unknown> } }>;
    expect(response.map((e) => e.datasetObjectId)).toEqual(ids);
    for (const entry of response) {
      const uri = entry.consolidatedAnnotation.content['land-cover'];
      expect(uri).toBe(`${outputConfig}/gtkit-masks/${entry.datasetObjectId}.png`);
      const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: (uri as string).slice(`s3://${bucket}/`.length) }));
      const image = decodePng(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      // The sample images are 400 × 300.
      expect([image.width, image.height]).toEqual([400, 300]);
    }
    // The PNG codec is inside the bundle: it runs with nothing but the bundle's own files.
    expect(await readFile(acs.bundleFile, 'utf8')).toContain('IHDR');
  }, 120_000);
});
