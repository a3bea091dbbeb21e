import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTaskLambdas, bundleLambda, type BuiltTaskLambdas } from '../../../build.ts';
import { runLikeLambda, type LambdaRunOptions, type LambdaRunResult } from '../../../scaffold/build/run-like-lambda.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { createLambdaContext, loadTaskState } from '../../../lambdas/testing/index.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

/**
 * What users deploy, end to end: tasks made by `gtkit init`, built by `gtkit build` with either
 * SDK choice, run from their zips the way the Lambda runtime runs them, against a real
 * S3-protocol server, with events shaped as Ground Truth sends them. Each zip must answer exactly
 * as the task's own `pre.ts`/`acs.ts` does in-process, errors included.
 */

const outBucket = 'sagemaker-us-east-1-123456789012-groundtruth';
const dataBucket = 'gt-input';
const temp = useTempRoot('gtkit-bundles-s3-');
let s3: LocalS3;
let store: S3ObjectStore;
let env: Record<string, string>;
const savedEnv = { ...process.env };
const tasks: Record<'ner' | 'intent' | 'text', { dir: string; bundled: BuiltTaskLambdas; runtime: BuiltTaskLambdas }> = {} as never;

type Outcome = { ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string };
type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function outcomes(run: LambdaRunResult): Outcome[] {
  expect(run.initError).toBeUndefined();
  return run.invocations.map((i) => (i.ok ? { ok: true, result: i.result } : { ok: false, errorType: i.error.errorType, errorMessage: i.error.errorMessage }));
}

/** The task's own handler, in this process, each event and result through JSON as on the wire. */
async function inProcess(file: string, events: unknown[]): Promise<Outcome[]> {
  const { handler } = (await import(file)) as { handler: Handler };
  const out: Outcome[] = [];
  for (const event of events) {
    try {
      out.push({ ok: true, result: JSON.parse(JSON.stringify((await handler(JSON.parse(JSON.stringify(event)), createLambdaContext())) ?? null)) });
    } catch (error) {
      out.push({ ok: false, errorType: (error as Error).name, errorMessage: (error as Error).message });
    }
  }
  return out;
}

const run = (code: Uint8Array, events: unknown[], options: Partial<LambdaRunOptions> = {}) => runLikeLambda({ code, events, env, ...options });

const jobArn = (job: string) => `arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${job}`;

/** An ACS event as Ground Truth sends it (§2.2): `outputConfig` a string, undocumented keys, `labelCategories` only when given. */
function acsEvent(job: string, payloadUri: string, outputConfig: string, labelCategories?: string[]): Record<string, unknown> {
  return {
    version: '2018-10-06',
    labelingJobArn: jobArn(job),
    ...(labelCategories ? { labelCategories } : {}),
    labelAttributeName: job === 'intent' ? 'intent' : job === 'text' ? 'transcription' : 'entities',
    roleArn: 'arn:aws:iam::123456789012:role/GroundTruthExecRole',
    payload: { s3Uri: payloadUri },
    outputConfig,
    maxHumanWorkersPerDataObject: 3,
    vpcEnabled: false,
  };
}

const worker = (n: number) => `private.us-east-1.${n.toString(16).padStart(16, '0')}`;

beforeAll(async () => {
  s3 = await startLocalS3([outBucket, dataBucket]);
  store = new S3ObjectStore(s3.client);
  env = { GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
  // The in-process handlers read the same S3 through the same variables.
  Object.assign(process.env, env);
  const made: Array<[keyof typeof tasks, 'named-entity' | 'text-classification' | 'free-text']> = [['ner', 'named-entity'], ['intent', 'text-classification'], ['text', 'free-text']];
  for (const [key, type] of made) {
    const dir = join(temp.path, key);
    await initTask({ dir, type, jobName: key });
    const [bundled, runtime] = await Promise.all([buildTaskLambdas(dir, { outDir: join(dir, 'out-bundled'), sdk: 'bundled' }), buildTaskLambdas(dir, { outDir: join(dir, 'out-runtime'), sdk: 'runtime' })]);
    tasks[key] = { dir, bundled, runtime };
  }
}, 60_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await s3?.close();
});

describe('the named-entity PRE zip (ESM, @aws-sdk/client-s3 from the runtime)', () => {
  it('reads source-ref text from S3 at the first read, and answers exactly as pre.ts does in-process', async () => {
    const docs: Record<string, string | Uint8Array> = {
      'docs/plain.txt': 'Ada Lovelace met Charles Babbage in London.',
      // A byte-order mark is dropped; CRLF, accents and astral characters are kept.
      'docs/bom.txt': '\uFEFFZoë Ørsted visited Zürich 🚀 twice.\r\n',
      'docs/a key with space+plus.txt': 'Keys are used as written.',
      'docs/latin1.txt': new Uint8Array([0x41, 0xff, 0x42]),
    };
    for (const [key, body] of Object.entries(docs)) await s3.client.send(new PutObjectCommand({ Bucket: dataBucket, Key: key, Body: body }));
    const lines = [
      { source: 'Grace Hopper joined the Navy.' },
      ...Object.keys(docs).map((key) => ({ 'source-ref': `s3://${dataBucket}/${key}`, batch: 7 })),
      { 'source-ref': `s3://${dataBucket}/docs/missing.txt` },
    ];
    const events = lines.map((dataObject) => ({ version: '2018-10-16', labelingJobArn: jobArn('ner'), dataObject }));
    const zip = await run(tasks.ner.bundled.pre.zip, events, { runtimeSdk: true, memoryMb: 256 });
    const zipped = outcomes(zip);
    expect(zipped).toEqual(await inProcess(join(tasks.ner.dir, 'pre.ts'), events));
    // Without S3 the PRE loads no SDK: the cold start stays small.
    expect(zip.initMs).toBeLessThan(1_000);
    // The scaffolded pre.ts keeps a line it cannot read from workers (onInvalidDataObject: 'skip'), with the reason.
    const texts = zipped.map((o) => {
      if (!o.ok) return `${o.errorType}: ${o.errorMessage}`;
      const { taskInput, isHumanAnnotationRequired } = o.result as { taskInput: { taskObject?: string; gtkitSkipped?: { reason: string } }; isHumanAnnotationRequired: boolean };
      return isHumanAnnotationRequired ? (taskInput.taskObject as string) : `skipped: ${taskInput.gtkitSkipped?.reason}`;
    });
    expect(texts.slice(0, 4)).toEqual(['Grace Hopper joined the Navy.', 'Ada Lovelace met Charles Babbage in London.', 'Zoë Ørsted visited Zürich 🚀 twice.\r\n', 'Keys are used as written.']);
    expect(texts[4]).toMatch(/^skipped: .*s3:\/\/gt-input\/docs\/latin1\.txt is not UTF-8 text \(byte 0xFF at offset 1/);
    expect(texts[5]).toMatch(/^skipped: .*s3:\/\/gt-input\/docs\/missing\.txt does not exist/);
  });
});

describe('the ACS zips over S3', () => {
  it('carry the consolidation state across batches on S3, read answers by content and by s3Uri, and match acs.ts in-process', async () => {
    const labels = ['refund', 'delivery', 'other'];
    // The scaffolded template submits `category`.
    const answer = (label: string) => JSON.stringify({ category: { label } });
    // Worker 3 always answers the label after the one workers 1 and 2 give: Dawid–Skene learns that in batch 1.
    const batch1 = Array.from({ length: 6 }, (_, o) => ({
      datasetObjectId: String(o),
      dataObject: { content: `ticket ${o}` },
      annotations: [1, 2, 3].map((w) => ({ workerId: worker(w), annotationData: { content: answer(labels[(o + (w === 3 ? 1 : 0)) % 3] as string) } })),
    }));
    const job = `s3://${outBucket}/intent/output/intent/annotations`;
    const request1 = `${job}/consolidated-annotation/consolidation-request/iteration-1/2026-11-24_10:00:00.json`;
    const request2 = `${job}/consolidated-annotation/consolidation-request/iteration-2/2026-11-24_11:00:00.json`;
    await store.putText(request1, JSON.stringify(batch1));
    // Batch 2 as a retry would come: iteration-2, numeric ids, answers stored in S3 and named by s3Uri.
    const batch2 = await Promise.all(
      [{ id: 6, votes: ['refund', 'delivery', 'delivery'] }, { id: 7, votes: ['other', 'other', 'refund'] }].map(async ({ id, votes }) => ({
        datasetObjectId: id,
        dataObject: { content: `ticket ${id}` },
        annotations: await Promise.all(
          votes.map(async (label, w) => {
            const uri = `${job}/worker-response/iteration-2/${id}/${w}.json`;
            await store.putText(uri, answer(label));
            return { workerId: worker(w + 1), annotationData: { s3Uri: uri } };
          }),
        ),
      })),
    );
    await store.putText(request2, JSON.stringify(batch2));
    const variants = ['bundled', 'runtime', 'cold', 'in-process'] as const;
    const results: Record<string, Outcome[]> = {};
    const states: Record<string, string> = {};
    const { bundled, runtime, dir } = tasks.intent;
    for (const variant of variants) {
      // Each run carries its own state, under its own outputConfig.
      const outputConfig = `s3://${outBucket}/intent/${variant}/annotations`;
      const events = [acsEvent('intent', request1, outputConfig, labels), acsEvent('intent', request2, outputConfig)];
      if (variant === 'in-process') results[variant] = await inProcess(join(dir, 'acs.ts'), events);
      else if (variant === 'cold') {
        // A fresh environment per batch: what batch 2 knows can only come from S3.
        results[variant] = [...outcomes(await run(bundled.acs.zip, events.slice(0, 1))), ...outcomes(await run(bundled.acs.zip, events.slice(1)))];
      } else results[variant] = outcomes(await run((variant === 'bundled' ? bundled : runtime).acs.zip, events, { runtimeSdk: variant === 'runtime' }));
      states[variant] = JSON.stringify(await loadTaskState(store, `${outputConfig}/gtkit-state/consolidation.json`));
    }
    for (const variant of variants) {
      expect(results[variant], variant).toEqual(results['in-process']);
      expect(states[variant], variant).toBe(states['in-process']);
    }
    type Entry = { datasetObjectId: unknown; consolidatedAnnotation: { content: Record<string, { 'class-name'?: string; confidence?: number }> } };
    const second = (results.bundled?.[1] as { result: Entry[] }).result;
    // Numeric ids come back as strings, one entry per object, each labelled.
    expect(second.map((e) => e.datasetObjectId)).toEqual(['6', '7']);
    const classes = (entries: Entry[]) => entries.map((e) => e.consolidatedAnnotation.content['intent-metadata']?.['class-name']);
    // With what batch 1 taught, worker 3's "delivery" on object 6 reads as "refund", which worker 1 gave too…
    expect(classes(second)).toEqual(['refund', 'other']);
    // …whereas batch 2 alone, without the carried state, goes with the plain majority.
    const alone = outcomes(await run(bundled.acs.zip, [acsEvent('intent', request2, `s3://${outBucket}/intent/alone/annotations`, labels)]));
    expect(classes((alone[0] as { result: Entry[] }).result)).toEqual(['delivery', 'other']);
  }, 30_000);

  it('over 6 MB: fail with the advice by default, and with onOversize "offload" move labels to S3 until the response fits', async () => {
    const { dir } = tasks.text;
    // The scaffolded acs.ts with the one change a user makes when labels may be large.
    const scaffolded = await readFile(join(dir, 'acs.ts'), 'utf8');
    expect(scaffolded).toContain('acsHandler(consolidation)');
    await writeFile(join(dir, 'acs-offload.ts'), scaffolded.replace('acsHandler(consolidation)', "acsHandler({ ...consolidation, onOversize: 'offload' })"));
    const offload = await bundleLambda(join(dir, 'acs-offload.ts'), { outDir: join(dir, 'out-offload'), name: 'acs', taskDir: dir });
    // 7 objects whose consolidated text is ~1 MB each: a 7 MB response.
    const text = (o: number) => `${'Zoë and Ørsted. '.repeat(60_000)}#${o}`;
    const payload = Array.from({ length: 7 }, (_, o) => ({
      datasetObjectId: String(o),
      dataObject: { s3Uri: `s3://${dataBucket}/receipts/${o}.svg` },
      annotations: [1, 2].map((w) => ({ workerId: worker(w), annotationData: { content: JSON.stringify({ transcription: text(o) }) } })),
    }));
    const payloadUri = `s3://${outBucket}/text/request.json`;
    await store.putText(payloadUri, JSON.stringify(payload));
    const events = [acsEvent('text', payloadUri, `s3://${outBucket}/text/annotations`)];

    const refused = outcomes(await run(tasks.text.bundled.acs.zip, events));
    expect(refused).toEqual(await inProcess(join(dir, 'acs.ts'), events));
    expect(refused[0]).toMatchObject({ ok: false, errorType: 'ResponseTooLargeError', errorMessage: expect.stringContaining("Set onOversize: 'offload'") });

    const zipped = await run(offload.zip, events);
    const fitted = outcomes(zipped);
    expect(fitted).toEqual(await inProcess(join(dir, 'acs-offload.ts'), events));
    const entries = (fitted[0] as { result: Array<{ datasetObjectId: string; consolidatedAnnotation: { content: { transcription: unknown } } }> }).result;
    expect(entries.map((e) => e.datasetObjectId)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const refs = entries.map((e) => (e.consolidatedAnnotation.content.transcription as { 'annotation-ref'?: string })['annotation-ref']).filter((r) => r !== undefined);
    // Only as many as needed, each readable where the reference points.
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.length).toBeLessThan(7);
    for (const ref of refs) expect(JSON.parse(await store.getText(ref))).toEqual(text(Number(/(\d+)\.json$/.exec(ref)?.[1])));
    expect(Buffer.byteLength(JSON.stringify(entries))).toBeLessThanOrEqual(6 * 1024 * 1024);
  }, 40_000);
});
