import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTaskLambdas } from '../../../build.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';

const exec = promisify(execFile);
let root: string;
let dir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-build-'));
  dir = join(root, 'task');
  await initTask({ dir, type: 'text-classification' });
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** Runs a bundle in a fresh Node process the way the Lambda runtime does: import index.mjs, call handler(event, context). */
async function invokeInFreshProcess(bundleFile: string, event: unknown, env: Record<string, string> = {}): Promise<unknown> {
  const runner = join(root, 'runner.mjs');
  await writeFile(
    runner,
    `import { pathToFileURL } from 'node:url';
const mod = await import(pathToFileURL(process.argv[2]).href);
const context = { awsRequestId: 'req-1', functionName: 'SageMaker-test', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:SageMaker-test', memoryLimitInMB: '128', logGroupName: '/aws/lambda/SageMaker-test', logStreamName: 'local', getRemainingTimeInMillis: () => 30000, callbackWaitsForEmptyEventLoop: true };
const result = await mod.handler(JSON.parse(process.argv[3]), context);
process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result));
`,
  );
  // Run from a folder with no node_modules: the bundle must be self-contained.
  const { stdout } = await exec(process.execPath, [runner, bundleFile, JSON.stringify(event)], { cwd: root, env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'WARN', ...env } });
  return JSON.parse(stdout.split('@@RESULT@@')[1] ?? 'null');
}

describe('gtkit build', () => {
  it('builds byte-identical zips twice (stable CodeSha256) holding index.mjs and its source map', async () => {
    const a = await buildTaskLambdas(dir, { outDir: join(root, 'a') });
    const b = await buildTaskLambdas(dir, { outDir: join(root, 'b') });
    expect(a.acs.codeSha256).toBe(b.acs.codeSha256);
    expect(a.pre.codeSha256).toBe(b.pre.codeSha256);
    expect(Buffer.from(await readFile(a.acs.zipFile)).equals(Buffer.from(await readFile(b.acs.zipFile)))).toBe(true);
    expect(Object.keys(unzipSync(a.pre.zip)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    expect(a.pre.handler).toBe('index.handler');
  });

  it('keeps the PRE free of the AWS SDK and small', async () => {
    const { pre } = await buildTaskLambdas(dir, { outDir: join(root, 'c') });
    const code = await readFile(pre.bundleFile, 'utf8');
    expect(code).not.toContain('@aws-sdk/client-s3');
    expect(pre.bytes).toBeLessThan(50 * 1024);
  });

  it('runs the built PRE and ACS in a fresh process like the Lambda runtime', async () => {
    const { pre, acs } = await buildTaskLambdas(dir, { outDir: join(root, 'd') });
    const preOut = await invokeInFreshProcess(pre.bundleFile, { version: '2018-10-06', labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/x', dataObject: { source: 'hello' } });
    expect(preOut).toMatchObject({ isHumanAnnotationRequired: true, taskInput: { taskObject: 'hello' } });
    const s3root = join(root, 's3');
    const payload = [{ datasetObjectId: '0', dataObject: { content: 'hello' }, annotations: ['w1', 'w2', 'w3'].map((w, i) => ({ workerId: w, annotationData: { content: JSON.stringify({ category: { label: i === 2 ? 'other' : 'refund' } }) } })) }];
    await import('node:fs/promises').then((fs) => fs.mkdir(join(s3root, 'b'), { recursive: true }));
    await writeFile(join(s3root, 'b', 'payload.json'), JSON.stringify(payload));
    const acsOut = await invokeInFreshProcess(acs.bundleFile, { version: '2018-10-06', labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/x', labelAttributeName: 'intent', payload: { s3Uri: 's3://b/payload.json' }, outputConfig: 's3://b/out/annotations' }, { GTKIT_LOCAL_S3_ROOT: s3root });
    expect(acsOut).toEqual([{ datasetObjectId: '0', consolidatedAnnotation: { content: { intent: 0, 'intent-metadata': expect.objectContaining({ 'class-name': 'refund', type: 'groundtruth/text-classification' }) } } }]);
  });

  it('names the file and line of a bundling error', async () => {
    await writeFile(join(dir, 'acs.ts'), "import { nothing } from 'gtkit/nowhere';\nexport const handler = nothing;\n");
    await expect(buildTaskLambdas(dir, { outDir: join(root, 'e') })).rejects.toThrow(/could not bundle .*acs\.ts: .*acs\.ts:1:\d+: "gtkit\/nowhere" is not a gtkit entry point/);
  });
});
