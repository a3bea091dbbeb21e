import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { buildTaskLambdas, type BuiltLambda } from '../build.ts';
import { buildAcsEvent, buildAcsPayload, buildPreEvent, privateWorkerId } from '../lambdas/testing/index.ts';
import { runLikeLambda, type LambdaRunOptions } from '../scaffold/build/run-like-lambda.ts';
import { initTask } from '../scaffold/init/init-task.ts';
import { answerKindExports } from '../lambdas/task-types/kinds/kind.ts';
import { taskTypeNames, type TaskTypeName } from '../lambdas/task-types/names.ts';
import { getTaskType } from '../lambdas/task-types/registry.ts';
import { startLocalS3 } from '../test/helpers/s3rver.ts';
import { fmt } from './measure.ts';
import type { BenchResult } from './types.ts';

// The bundles of the fixture task (text classification, majority vote written inline, the ACS
// reading its payload from an S3-protocol server on 127.0.0.1). Each cold start is a fresh Node
// process that unpacks the zip alone and loads it as the Lambda runtime does (runLikeLambda).
const fixtureDir = fileURLToPath(new URL('../test/fixtures/tasks/text-classification', import.meta.url));
const bucket = 'gtkit-bench';
const coldRuns = 7;
const labels = ['refund', 'delivery', 'other'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const kb = (bytes: number) => bytes / 1024;

interface Cold {
  initMs: number[];
  invokeMs: number[];
  totalMs: number[];
}

/** Cold import + first invocation, `coldRuns` fresh processes. */
async function coldStarts(options: Omit<LambdaRunOptions, 'events'>, event: unknown): Promise<Cold> {
  const cold: Cold = { initMs: [], invokeMs: [], totalMs: [] };
  for (let i = 0; i < coldRuns; i++) {
    const run = await runLikeLambda({ ...options, events: [event] });
    const first = run.invocations[0];
    if (run.initError || !first?.ok) throw new Error(`cold start failed: ${JSON.stringify(run.initError ?? first)}`);
    cold.initMs.push(run.initMs);
    cold.invokeMs.push(first.ms);
    cold.totalMs.push(run.initMs + first.ms);
  }
  return cold;
}

function payload(objects: number) {
  return buildAcsPayload(
    Array.from({ length: objects }, (_, i) => ({
      datasetObjectId: i,
      dataObject: { content: `ticket ${i}` },
      answers: [1, 2, 3].map((w) => ({ workerId: privateWorkerId(w), answer: { category: { label: labels[(i * w + (w === 3 ? 1 : 0)) % 3] } } })),
    })),
  );
}

/**
 * The PRE and ACS of every task type as gtkit init writes them (the ACS through
 * `kindConsolidation(type, <kind>Answers, …)`: its own kind's algorithms and format only), and the
 * ACS again through `taskConsolidation(type, …)`, which carries every kind, to show what that costs.
 */
async function everyTypeBundles(root: string): Promise<Array<{ type: TaskTypeName; pre: number; acs: number; everyKindAcs: number }>> {
  const rows = [];
  for (const type of taskTypeNames) {
    const dir = join(root, 'every-type', type);
    await initTask({ dir, type });
    const scaffolded = await buildTaskLambdas(dir, { outDir: join(dir, 'scaffolded') });
    const file = join(dir, 'acs.ts');
    const kind = answerKindExports[getTaskType(type).answerKind];
    const source = await readFile(file, 'utf8');
    const everyKind = source.replace(`import { ${kind}, kindConsolidation, `, 'import { taskConsolidation, ').replace(/kindConsolidation\((\w+), \w+, \{/, 'taskConsolidation($1, {');
    if (everyKind === source) throw new Error(`${type}: the scaffolded acs.ts no longer calls kindConsolidation as this bench expects; update everyTypeBundles`);
    await writeFile(file, everyKind);
    const everyKindBuilt = await buildTaskLambdas(dir, { outDir: join(dir, 'every-kind') });
    rows.push({ type, pre: scaffolded.pre.bytes, acs: scaffolded.acs.bytes, everyKindAcs: everyKindBuilt.acs.bytes });
  }
  return rows;
}

export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-bundles-'));
  const s3 = await startLocalS3([bucket]);
  try {
    // Build time (the dry run builds before every run, so it must stay quick).
    const buildMs: number[] = [];
    let bundled = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'bundled') });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      bundled = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'bundled') });
      buildMs.push(performance.now() - t0);
    }
    const runtime = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'runtime'), sdk: 'runtime' });
    // What a user deploys: tasks as gtkit init writes them (the ACS runs the type's consolidation,
    // Dawid–Skene, with its state carried on S3; the named-entity PRE reads text with readText).
    const scaffolded = async (type: 'text-classification' | 'named-entity') => {
      const dir = join(root, type);
      await initTask({ dir, type, labels });
      return { bundled: await buildTaskLambdas(dir, { outDir: join(dir, 'bundled') }), runtime: await buildTaskLambdas(dir, { outDir: join(dir, 'runtime'), sdk: 'runtime' }) };
    };
    const textTask = await scaffolded('text-classification');
    const nerTask = await scaffolded('named-entity');

    const env = { GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', POWERTOOLS_LOG_LEVEL: 'ERROR' };
    const small = JSON.stringify(payload(10));
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.json', Body: small }));
    const smallEvent = buildAcsEvent({ payloadUri: `s3://${bucket}/small.json`, labelAttributeName: 'intent', outputConfig: `s3://${bucket}/out/annotations` });
    const preCold = await coldStarts({ code: bundled.pre.zip, env: { POWERTOOLS_LOG_LEVEL: 'ERROR' }, memoryMb: 256 }, buildPreEvent({ source: 'Where is my order?' }));
    const acsCold = await coldStarts({ code: bundled.acs.zip, env, memoryMb: 1024 }, smallEvent);
    const acsRuntimeCold = await coldStarts({ code: runtime.acs.zip, env, memoryMb: 1024, runtimeSdk: true }, smallEvent);

    // 10,000 objects × 3 workers: a cold and a warm invocation in one fresh process.
    const big = JSON.stringify(payload(10_000));
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.json', Body: big }));
    const bigEvent = buildAcsEvent({ payloadUri: `s3://${bucket}/big.json`, labelAttributeName: 'intent', outputConfig: `s3://${bucket}/out/annotations` });
    const bigRun = await runLikeLambda({ code: bundled.acs.zip, env, memoryMb: 1024, events: [bigEvent, bigEvent] });
    const [bigCold, bigWarm] = bigRun.invocations;
    if (!bigCold?.ok || !bigWarm?.ok) throw new Error(`10,000-object run failed: ${JSON.stringify(bigRun.initError ?? bigCold ?? bigWarm).slice(0, 500)}`);
    const entries = (bigCold.result as unknown[]).length;
    const baseline = await runLikeLambda({ code: bundled.acs.zip, env, memoryMb: 1024, events: [smallEvent] });
    // The same payload through the scaffolded task's ACS, its state carried on s3rver from the cold batch to the warm one.
    const scaffoldedEvent = buildAcsEvent({ payloadUri: `s3://${bucket}/big.json`, labelAttributeName: 'intent', outputConfig: `s3://${bucket}/scaffolded/annotations` });
    const scaffoldedRun = await runLikeLambda({ code: textTask.bundled.acs.zip, env, memoryMb: 1024, events: [scaffoldedEvent, scaffoldedEvent] });
    const [scaffoldedCold, scaffoldedWarm] = scaffoldedRun.invocations;
    if (!scaffoldedCold?.ok || !scaffoldedWarm?.ok) throw new Error(`10,000-object run of the scaffolded ACS failed: ${JSON.stringify(scaffoldedRun.initError ?? scaffoldedCold ?? scaffoldedWarm).slice(0, 500)}`);
    const scaffoldedPreKb = Math.max(kb(textTask.bundled.pre.bytes), kb(nerTask.bundled.pre.bytes));
    const everyType = await everyTypeBundles(root);
    const largest = (key: 'pre' | 'acs') => everyType.reduce((a, b) => (b[key] > a[key] ? b : a));
    const largestPre = largest('pre');
    const largestAcs = largest('acs');

    const sizeRow = (b: BuiltLambda, sdk: string) => [b.name, sdk, fmt(kb(b.bytes), 1), fmt(kb(b.zipBytes), 1), b.composition.slice(0, 3).map((p) => `${p.part} ${fmt(kb(p.bytes), 0)}`).join(', ')];
    const coldRow = (name: string, c: Cold) => [name, fmt(median(c.initMs), 1), fmt(median(c.invokeMs), 1), fmt(median(c.totalMs), 1), fmt(Math.max(...c.totalMs), 1)];
    const preTotal = median(preCold.totalMs);
    const acsTotal = median(acsCold.totalMs);
    const acsRuntimeTotal = median(acsRuntimeCold.totalMs);
    return {
      name: 'lambda-bundles',
      tables: [
        {
          title: 'Lambda bundles of the fixture task (esbuild, minified ESM, node20 target)',
          columns: ['bundle', 'AWS SDK', 'bundle KB', 'zip KB', 'largest parts (KB)'],
          rows: [sizeRow(bundled.pre, 'none'), sizeRow(bundled.acs, 'bundled (default)'), sizeRow(runtime.acs, 'runtime (--sdk runtime)')],
        },
        {
          title: 'Lambda bundles of tasks as gtkit init writes them (gtkit build)',
          columns: ['task', 'PRE KB', 'ACS KB (SDK bundled)', 'ACS KB (--sdk runtime)'],
          rows: [
            ['text-classification', fmt(kb(textTask.bundled.pre.bytes), 1), fmt(kb(textTask.bundled.acs.bytes), 1), fmt(kb(textTask.runtime.acs.bytes), 1)],
            ['named-entity', fmt(kb(nerTask.bundled.pre.bytes), 1), fmt(kb(nerTask.bundled.acs.bytes), 1), fmt(kb(nerTask.runtime.acs.bytes), 1)],
          ],
        },
        {
          title: 'Bundles of every task type as gtkit init writes them (ACS: SDK bundled, kindConsolidation), and the ACS through taskConsolidation (every kind)',
          columns: ['task type', 'PRE KB', 'ACS KB', 'ACS KB (taskConsolidation)', 'kindConsolidation saves KB'],
          rows: everyType.map((r) => [r.type, fmt(kb(r.pre), 1), fmt(kb(r.acs), 1), fmt(kb(r.everyKindAcs), 1), fmt(kb(r.everyKindAcs - r.acs), 1)]),
        },
        { title: `Build of both bundles (buildTaskLambdas), median of ${buildMs.length}`, columns: ['ms'], rows: [[fmt(median(buildMs), 0)]] },
        {
          title: `Cold start in a fresh Node ${process.versions.node} process, zip unpacked alone, loaded like the Lambda runtime (${coldRuns} runs; ACS reads a 10-object payload from s3rver)`,
          columns: ['bundle', 'import ms (median)', 'first invocation ms (median)', 'total ms (median)', 'total ms (max)'],
          rows: [coldRow('pre', preCold), coldRow('acs, SDK bundled', acsCold), coldRow('acs, runtime SDK', acsRuntimeCold)],
        },
        {
          title: 'Bundled ACS, 10,000 objects × 3 workers, payload on s3rver (127.0.0.1), one fresh process',
          columns: ['ACS', 'entries', 'payload MB', 'cold invocation s', 'warm invocation s', 'peak RSS MB', 'RSS after a 10-object run MB'],
          rows: [
            ['fixture (majority vote in acs.ts)', entries, fmt(Buffer.byteLength(big) / 2 ** 20, 2), fmt(bigCold.ms / 1000, 2), fmt(bigWarm.ms / 1000, 2), fmt(bigRun.maxMemoryMb, 0), fmt(baseline.maxMemoryMb, 0)],
            ['gtkit init text-classification (Dawid–Skene, state on S3)', (scaffoldedCold.result as unknown[]).length, fmt(Buffer.byteLength(big) / 2 ** 20, 2), fmt(scaffoldedCold.ms / 1000, 2), fmt(scaffoldedWarm.ms / 1000, 2), fmt(scaffoldedRun.maxMemoryMb, 0), '—'],
          ],
        },
      ],
      metrics: {
        pre_bundle_kb: kb(bundled.pre.bytes),
        pre_zip_kb: kb(bundled.pre.zipBytes),
        acs_bundle_kb: kb(bundled.acs.bytes),
        acs_zip_kb: kb(bundled.acs.zipBytes),
        acs_runtime_sdk_bundle_kb: kb(runtime.acs.bytes),
        build_both_ms: median(buildMs),
        pre_cold_import_ms: median(preCold.initMs),
        pre_cold_total_ms: preTotal,
        acs_cold_import_ms: median(acsCold.initMs),
        acs_cold_total_ms: acsTotal,
        acs_runtime_sdk_cold_total_ms: acsRuntimeTotal,
        acs_10k_cold_seconds: bigCold.ms / 1000,
        acs_10k_warm_seconds: bigWarm.ms / 1000,
        acs_10k_peak_rss_mb: bigRun.maxMemoryMb,
        acs_small_peak_rss_mb: baseline.maxMemoryMb,
        scaffolded_text_pre_bundle_kb: kb(textTask.bundled.pre.bytes),
        scaffolded_text_acs_bundle_kb: kb(textTask.bundled.acs.bytes),
        scaffolded_text_acs_runtime_sdk_bundle_kb: kb(textTask.runtime.acs.bytes),
        scaffolded_ner_pre_bundle_kb: kb(nerTask.bundled.pre.bytes),
        scaffolded_largest_pre_bundle_kb: kb(largestPre.pre),
        scaffolded_largest_acs_bundle_kb: kb(largestAcs.acs),
        ...Object.fromEntries(everyType.flatMap((r) => [[`scaffolded_${r.type.replaceAll('-', '_')}_pre_kb`, kb(r.pre)], [`scaffolded_${r.type.replaceAll('-', '_')}_acs_kb`, kb(r.acs)]])),
        scaffolded_acs_10k_cold_seconds: scaffoldedCold.ms / 1000,
        scaffolded_acs_10k_warm_seconds: scaffoldedWarm.ms / 1000,
        scaffolded_acs_10k_peak_rss_mb: scaffoldedRun.maxMemoryMb,
      },
      targets: [
        { what: 'PRE bundle (minified)', target: '≤ 50 KB', measured: `${fmt(kb(bundled.pre.bytes), 1)} KB`, met: bundled.pre.bytes <= 50 * 1024 },
        { what: 'PRE bundle of a scaffolded task (the larger of text classification and named entity)', target: '≤ 50 KB', measured: `${fmt(scaffoldedPreKb, 1)} KB`, met: scaffoldedPreKb <= 50 },
        { what: 'ACS bundle of a scaffolded text-classification task, SDK bundled', target: '≤ 700 KB', measured: `${fmt(kb(textTask.bundled.acs.bytes), 1)} KB`, met: textTask.bundled.acs.bytes <= 700 * 1024 },
        { what: `largest PRE bundle of a scaffolded task over all ${everyType.length} task types (${largestPre.type})`, target: '≤ 50 KB', measured: `${fmt(kb(largestPre.pre), 1)} KB`, met: largestPre.pre <= 50 * 1024 },
        { what: `largest ACS bundle of a scaffolded task over all ${everyType.length} task types, SDK bundled (${largestAcs.type})`, target: '≤ 700 KB', measured: `${fmt(kb(largestAcs.acs), 1)} KB`, met: largestAcs.acs <= 700 * 1024 },
        { what: 'ACS bundle with the AWS SDK bundled', target: '≤ 700 KB', measured: `${fmt(kb(bundled.acs.bytes), 1)} KB`, met: bundled.acs.bytes <= 700 * 1024 },
        { what: 'PRE cold import + first invocation (median)', target: '≤ 150 ms', measured: `${fmt(preTotal, 1)} ms`, met: preTotal <= 150 },
        { what: 'ACS cold import + first invocation (median)', target: '≤ 150 ms', measured: `${fmt(acsTotal, 1)} ms`, met: acsTotal <= 150 },
        { what: 'ACS (runtime SDK) cold import + first invocation (median)', target: '≤ 150 ms', measured: `${fmt(acsRuntimeTotal, 1)} ms`, met: acsRuntimeTotal <= 150 },
        { what: 'ACS, 10,000 objects: one entry each', target: '10,000', measured: String(entries), met: entries === 10_000 },
        { what: 'scaffolded ACS, 10,000 objects within its 1024 MB', target: '< 1024 MB', measured: `${fmt(scaffoldedRun.maxMemoryMb, 0)} MB`, met: scaffoldedRun.maxMemoryMb < 1024 },
      ],
    };
  } finally {
    await s3.close();
    await rm(root, { recursive: true, force: true });
  }
}
