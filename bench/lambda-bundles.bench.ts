import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { buildTaskLambdas, loadBundledHandler } from '../build.ts';
import { buildAcsEvent, buildAcsPayload, createLambdaContext, privateWorkerId } from '../lambdas/testing/index.ts';
import { initTask } from '../scaffold/init/init-task.ts';
import { withEnv } from '../scaffold/task/with-env.ts';
import { startLocalS3 } from '../test/helpers/s3rver.ts';
import { fmt, peakRssMb } from './measure.ts';
import type { BenchResult } from './types.ts';

const exec = promisify(execFile);

/** Cold start in a fresh process: import of the bundle, then the first invocation (ms, each). */
async function coldStart(dir: string, bundleFile: string, event: unknown, env: Record<string, string>): Promise<{ importMs: number; invokeMs: number }> {
  const runner = join(dir, 'cold.mjs');
  await writeFile(
    runner,
    `import { pathToFileURL } from 'node:url';
const t0 = performance.now();
const mod = await import(pathToFileURL(process.argv[2]).href);
const t1 = performance.now();
await mod.handler(JSON.parse(process.argv[3]), { awsRequestId: 'r', functionName: 'SageMaker-bench', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:SageMaker-bench', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 30000 });
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, invokeMs: t2 - t1 }));
`,
  );
  const runs: Array<{ importMs: number; invokeMs: number }> = [];
  for (let i = 0; i < 5; i++) {
    const { stdout } = await exec(process.execPath, [runner, bundleFile, JSON.stringify(event)], { cwd: dir, env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'WARN', ...env } });
    runs.push(JSON.parse(stdout) as { importMs: number; invokeMs: number });
  }
  const total = (r: { importMs: number; invokeMs: number }) => r.importMs + r.invokeMs;
  runs.sort((a, b) => total(a) - total(b));
  return runs[2] as { importMs: number; invokeMs: number };
}

export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-bundles-'));
  const s3 = await startLocalS3(['gtkit-bench']);
  try {
    const dir = join(root, 'task');
    await initTask({ dir, type: 'text-classification' });
    const bundled = await buildTaskLambdas(dir, { outDir: join(root, 'bundled') });
    const runtime = await buildTaskLambdas(dir, { outDir: join(root, 'runtime'), sdk: 'runtime' });

    // Cold start of each bundle on a small event, reading the payload from a local folder.
    const s3root = join(root, 's3');
    await mkdir(join(s3root, 'b'), { recursive: true });
    const small = buildAcsPayload([{ datasetObjectId: 0, answers: [1, 2, 3].map((w) => ({ workerId: privateWorkerId(w), answer: { category: { label: 'refund' } } })) }]);
    await writeFile(join(s3root, 'b', 'p.json'), JSON.stringify(small));
    const preCold = await coldStart(root, bundled.pre.bundleFile, { version: '2018-10-06', labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/x', dataObject: { source: 'hi' } }, {});
    const acsEvent = buildAcsEvent({ payloadUri: 's3://b/p.json', labelAttributeName: 'intent' });
    const acsCold = await coldStart(root, bundled.acs.bundleFile, acsEvent, { GTKIT_LOCAL_S3_ROOT: s3root });

    // 10,000 objects × 3 workers through the bundled ACS, payload on the S3-protocol server.
    const labels = ['refund', 'delivery', 'other'];
    const payload = buildAcsPayload(Array.from({ length: 10_000 }, (_, i) => ({ datasetObjectId: i, answers: [1, 2, 3].map((w) => ({ workerId: privateWorkerId(w), answer: { category: { label: labels[(i * w) % 3] } } })) })));
    await s3.client.send(new PutObjectCommand({ Bucket: 'gtkit-bench', Key: 'payload.json', Body: JSON.stringify(payload) }));
    const handler = await loadBundledHandler(bundled.acs.bundleFile);
    const event = buildAcsEvent({ payloadUri: 's3://gtkit-bench/payload.json', labelAttributeName: 'intent', outputConfig: 's3://gtkit-bench/out/annotations' });
    const env = { GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'WARN' };
    await withEnv(env, () => handler(JSON.parse(JSON.stringify(event)), createLambdaContext())); // warm-up
    const started = performance.now();
    const { value, peakMb } = await peakRssMb(() => withEnv(env, () => handler(JSON.parse(JSON.stringify(event)), createLambdaContext())));
    const seconds = (performance.now() - started) / 1000;
    const entries = (value as unknown[]).length;

    const kb = (b: number) => b / 1024;
    return {
      name: 'lambda-bundles',
      tables: [
        {
          title: 'Lambda bundles (esbuild, minified ESM) and cold start in a fresh Node process (median of 5)',
          columns: ['bundle', 'SDK', 'bundle KB', 'zip KB', 'import ms', 'first invoke ms'],
          rows: [
            ['pre', 'none', fmt(kb(bundled.pre.bytes), 1), fmt(kb(bundled.pre.zipBytes), 1), fmt(preCold.importMs, 1), fmt(preCold.invokeMs, 1)],
            ['acs', 'bundled', fmt(kb(bundled.acs.bytes), 1), fmt(kb(bundled.acs.zipBytes), 1), fmt(acsCold.importMs, 1), fmt(acsCold.invokeMs, 1)],
            ['acs', 'runtime', fmt(kb(runtime.acs.bytes), 1), fmt(kb(runtime.acs.zipBytes), 1), '', ''],
          ],
        },
        { title: 'Bundled ACS: 10,000 objects × 3 workers, payload on s3rver (127.0.0.1)', columns: ['entries', 'seconds', 'peak RSS MB'], rows: [[entries, fmt(seconds, 2), fmt(peakMb, 0)]] },
      ],
      metrics: {
        pre_bundle_kb: kb(bundled.pre.bytes),
        acs_bundle_kb: kb(bundled.acs.bytes),
        acs_runtime_sdk_bundle_kb: kb(runtime.acs.bytes),
        pre_cold_ms: preCold.importMs + preCold.invokeMs,
        acs_cold_ms: acsCold.importMs + acsCold.invokeMs,
        acs_10k_seconds: seconds,
        acs_10k_peak_rss_mb: peakMb,
      },
      targets: [
        { what: 'PRE bundle', target: '≤ 50 KB', measured: `${fmt(kb(bundled.pre.bytes), 1)} KB`, met: bundled.pre.bytes <= 50 * 1024 },
        { what: 'ACS bundle with the AWS SDK', target: '≤ 700 KB', measured: `${fmt(kb(bundled.acs.bytes), 1)} KB`, met: bundled.acs.bytes <= 700 * 1024 },
        { what: 'PRE cold import + first invocation', target: '≤ 150 ms', measured: `${fmt(preCold.importMs + preCold.invokeMs, 1)} ms`, met: preCold.importMs + preCold.invokeMs <= 150 },
        { what: 'ACS cold import + first invocation', target: '≤ 150 ms', measured: `${fmt(acsCold.importMs + acsCold.invokeMs, 1)} ms`, met: acsCold.importMs + acsCold.invokeMs <= 150 },
        { what: 'ACS, 10,000 objects: one entry each', target: '10,000', measured: String(entries), met: entries === 10_000 },
      ],
    };
  } finally {
    await s3.close();
    await rm(root, { recursive: true, force: true });
  }
}
