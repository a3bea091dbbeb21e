import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, buildTaskLambdas, bundleLambda, loadBundledHandler, sizeReport, type BuiltTaskLambdas } from '../../../build.ts';
import { buildAcsEvent, buildAcsPayload, buildPreEvent, createLambdaContext, privateWorkerId } from '../../../lambdas/testing/index.ts';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { runLikeLambda } from '../../../scaffold/build/run-like-lambda.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { copyFixture, fixtureDir } from './fixture.ts';

let root: string;
let s3: LocalS3;
let built: BuiltTaskLambdas;
const quiet = { POWERTOOLS_LOG_LEVEL: 'ERROR' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-build-'));
  s3 = await startLocalS3(['acme-sagemaker-gt']);
  // The fixture sits inside this repository; the build goes elsewhere.
  built = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'in-repo') });
}, 60_000);
afterAll(async () => {
  await s3.close();
  // Retried: one fresh-clone CI run saw ENOTEMPTY here, an entry appearing while the tree was removed.
  await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('buildTaskLambdas', () => {
  it('bundles pre.ts and acs.ts into index.mjs + source map, zipped, with the Lambda handler name', async () => {
    for (const b of [built.pre, built.acs]) {
      expect(b.handler).toBe('index.handler');
      expect(b.bundleFile).toBe(join(root, 'in-repo', b.name, 'index.mjs'));
      expect(Object.keys(unzipSync(b.zip))).toEqual(['index.mjs', 'index.mjs.map']);
      expect(Buffer.from(await readFile(b.zipFile)).equals(Buffer.from(b.zip))).toBe(true);
      expect(b.zipBytes).toBe(b.zip.length);
      expect(b.bytes).toBe((await readFile(b.bundleFile)).length);
      expect(b.codeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      const code = await readFile(b.bundleFile, 'utf8');
      expect(code.startsWith("import { createRequire as __gtkitCreateRequire } from 'node:module';")).toBe(true);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    }
  });

  it('names sources the same wherever the build ran (task/…, gtkit/…, node_modules/…)', async () => {
    const map = JSON.parse(await readFile(built.acs.sourceMapFile, 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('task/acs.ts');
    expect(map.sources).toContain('gtkit/lambdas/handlers/acs.ts');
    expect(map.sources.some((s) => s.startsWith('node_modules/@aws-sdk/client-s3/'))).toBe(true);
    expect(map.sources.every((s) => !s.includes('..') && !s.startsWith('/'))).toBe(true);
  });

  it('keeps the AWS SDK out of the PRE and bundles it into the ACS by default', () => {
    expect(built.pre.composition.map((p) => p.part).filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/'))).toEqual([]);
    // Imported from the Lambda runtime only when readText reads S3.
    expect(built.pre.runtimeImports).toEqual(['@aws-sdk/client-s3']);
    expect(built.pre.bytes).toBeLessThan(50 * 1024);
    expect(built.acs.sdk).toBe('bundled');
    expect(built.acs.runtimeImports).toEqual([]);
    expect(built.acs.composition.some((p) => p.part === '@aws-sdk/client-s3')).toBe(true);
    expect(built.acs.composition.find((p) => p.part === 'task')?.bytes).toBeGreaterThan(0);
  });

  it('with sdk "runtime" leaves @aws-sdk/* to the Lambda runtime', async () => {
    const runtime = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'runtime-sdk'), sdk: 'runtime' });
    expect(runtime.acs.sdk).toBe('runtime');
    expect(runtime.acs.runtimeImports).toContain('@aws-sdk/client-s3');
    expect(runtime.acs.composition.some((p) => p.part.startsWith('@aws-sdk/'))).toBe(false);
    expect(runtime.acs.bytes).toBeLessThan(built.acs.bytes / 4);
    // The PRE is the same either way.
    expect(runtime.pre.codeSha256).toBe(built.pre.codeSha256);
  });

  it('is deterministic: same code, same zip bytes and CodeSha256, even from another folder and output depth', async () => {
    const again = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'again', 'deeper', 'still') });
    const copy = await copyFixture(join(root, 'copy'));
    const elsewhere = await buildTaskLambdas(copy);
    for (const b of [again, elsewhere]) {
      expect(b.pre.codeSha256).toBe(built.pre.codeSha256);
      expect(b.acs.codeSha256).toBe(built.acs.codeSha256);
      expect(Buffer.from(b.acs.zip).equals(Buffer.from(built.acs.zip))).toBe(true);
    }
    // The default output folder is inside the task.
    expect(elsewhere.pre.zipFile).toBe(join(root, 'copy', '.gtkit', 'build', 'pre.zip'));
  });

  it('changes the CodeSha256 when the code changes', async () => {
    const task = await copyFixture(join(root, 'changed'));
    await writeFile(task.paths.pre, (await readFile(task.paths.pre, 'utf8')).replace('expected "source"', 'expected a "source"'));
    const changed = await buildTaskLambdas(task);
    expect(changed.pre.codeSha256).not.toBe(built.pre.codeSha256);
    expect(changed.acs.codeSha256).toBe(built.acs.codeSha256);
  });

  it('prints a size report per bundle', () => {
    const lines = sizeReport(built, root);
    expect(lines[0]).toMatch(/^pre +\d+\.\d KB bundle +\d+\.\d KB zip {2}sha256 \S+ {2}in-repo\/pre\.zip$/);
    expect(lines.join('\n')).toContain('AWS SDK: not included');
    expect(lines.join('\n')).toContain('AWS SDK: bundled');
    expect(lines.join('\n')).toMatch(/contents: .*@aws-sdk\/client-s3/);
  });
});

describe('the built bundles run as Lambda runs them', () => {
  const event = (source: unknown) => buildPreEvent({ source } as never);

  it('PRE: the zip, unpacked alone, resolves index.handler and answers each event', async () => {
    const run = await runLikeLambda({ code: built.pre.zip, events: [event('Where is my order?'), { ...event(undefined), dataObject: { 'source-ref': 's3://b/k' } }], env: quiet });
    expect(run.initError).toBeUndefined();
    expect(run.invocations[0]).toMatchObject({ ok: true, result: { isHumanAnnotationRequired: true, taskInput: { taskObject: 'Where is my order?', labels: ['refund', 'delivery', 'other'] } } });
    expect(run.invocations[1]).toMatchObject({ ok: false, error: { errorMessage: expect.stringContaining('expected "source" with the ticket text') } });
  });

  it('ACS (bundled SDK and runtime SDK): reads the payload from S3 and returns one majority-vote entry per object', async () => {
    const payload = buildAcsPayload([
      { datasetObjectId: 0, answers: ['refund', 'refund', 'other'].map((label, w) => ({ workerId: privateWorkerId(w + 1), answer: { category: { label } } })) },
      { datasetObjectId: 1, answers: ['delivery', 'other'].map((label, w) => ({ workerId: privateWorkerId(w + 1), answer: { category: { label } } })) },
      { datasetObjectId: 2, answers: [{ workerId: privateWorkerId(1), answer: { nothing: true } }] },
    ]);
    await s3.client.send(new PutObjectCommand({ Bucket: 'acme-sagemaker-gt', Key: 'tickets/output/p.json', Body: JSON.stringify(payload) }));
    const acsEvent = buildAcsEvent({ payloadUri: 's3://acme-sagemaker-gt/tickets/output/p.json', labelAttributeName: 'intent', outputConfig: 's3://acme-sagemaker-gt/tickets/output/annotations' });
    const env = { ...quiet, GTKIT_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    const runtime = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'runtime-run'), sdk: 'runtime' });
    for (const [code, runtimeSdk] of [[built.acs.zip, false], [runtime.acs.zip, true]] as const) {
      const run = await runLikeLambda({ code, runtimeSdk, events: [acsEvent], env });
      expect(run.initError).toBeUndefined();
      const first = run.invocations[0];
      expect(first?.ok).toBe(true);
      const entries = (first as { result: Array<{ datasetObjectId: string; consolidatedAnnotation: { content: Record<string, unknown> } }> }).result;
      expect(entries.map((e) => e.datasetObjectId)).toEqual(['0', '1', '2']);
      expect(entries[0]?.consolidatedAnnotation.content).toEqual({ intent: { label: 'refund', votes: { refund: 2, other: 1 } }, 'intent-metadata': { confidence: 2 / 3 } });
      // A tie goes to the label that sorts first.
      expect(entries[1]?.consolidatedAnnotation.content.intent).toEqual({ label: 'delivery', votes: { delivery: 1, other: 1 } });
      expect(entries[2]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: expect.stringContaining('answer has no category.label') });
    }
  });

  it('the runtime-SDK ACS loads without the SDK and names it when it first needs S3', async () => {
    const runtime = await buildTaskLambdas(fixtureDir, { outDir: join(root, 'runtime-missing'), sdk: 'runtime' });
    const acsEvent = { version: '2018-10-06', labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/x', labelAttributeName: 'label', payload: { s3Uri: 's3://b/p.json' } };
    const run = await runLikeLambda({ code: runtime.acs.zip, events: [acsEvent], env: quiet });
    // The SDK is imported lazily, so the cold start does not pay for it…
    expect(run.initError).toBeUndefined();
    // …and the first read of S3 fails with the missing package named.
    expect(run.invocations[0]?.ok).toBe(false);
    expect(JSON.stringify(run.invocations[0])).toContain('@aws-sdk/client-s3');
  });

  it('loadBundledHandler imports the bundle afresh on every call', async () => {
    const task = await copyFixture(join(root, 'fresh'));
    const first = await buildTaskLambdas(task);
    const before = await loadBundledHandler(first.pre.bundleFile);
    await writeFile(task.paths.pre, (await readFile(task.paths.pre, 'utf8')).replace('taskObject: line.source', 'taskObject: line.source.toUpperCase()'));
    const second = await buildTaskLambdas(task);
    const after = await loadBundledHandler(second.pre.bundleFile);
    const ctx = createLambdaContext();
    await expect(before(event('abc'), ctx)).resolves.toMatchObject({ taskInput: { taskObject: 'abc' } });
    await expect(after(event('abc'), ctx)).resolves.toMatchObject({ taskInput: { taskObject: 'ABC' } });
  });

  it('loadBundledHandler says what is missing', async () => {
    await expect(loadBundledHandler(join(root, 'nowhere', 'index.mjs'))).rejects.toThrow(/no such bundle; run gtkit build/);
    await expect(loadBundledHandler(built.pre.bundleFile, 'nope')).rejects.toThrow(/exports no function "nope".*Runtime\.HandlerNotFound/);
  });
});

describe('resolving gtkit in task code', () => {
  it('uses the task\'s own node_modules/gtkit when there is one', async () => {
    const task = await copyFixture(join(root, 'own'));
    const fake = join(task.dir, 'node_modules', 'gtkit');
    await mkdir(fake, { recursive: true });
    await writeFile(join(fake, 'package.json'), JSON.stringify({ name: 'gtkit', type: 'module', exports: { '.': { types: './types.d.ts', import: './index.js' }, './scaffold': './scaffold.js', './config': './scaffold.js' } }));
    await writeFile(join(fake, 'index.js'), "export const preHandler = () => async () => 'OWN-GTKIT-MARKER';\nexport class InvalidDataObjectError extends Error {}\nexport const acsHandler = () => async () => [];\n");
    await writeFile(join(fake, 'scaffold.js'), 'export const defineTask = (c) => c;\n');
    const own = await buildTaskLambdas(task);
    expect(await readFile(own.pre.bundleFile, 'utf8')).toContain('OWN-GTKIT-MARKER');
    const handler = await loadBundledHandler(own.pre.bundleFile);
    await expect(handler({}, createLambdaContext())).resolves.toBe('OWN-GTKIT-MARKER');
  });

  it('a node_modules/gtkit link to this checkout builds like the checkout itself', async () => {
    const task = await copyFixture(join(root, 'linked'));
    await mkdir(join(task.dir, 'node_modules'), { recursive: true });
    await symlink(runningGtkitRoot, join(task.dir, 'node_modules', 'gtkit'), 'dir');
    const linked = await buildTaskLambdas(task);
    expect(linked.acs.codeSha256).toBe(built.acs.codeSha256);
  });

  it('refuses subpaths gtkit does not export, naming the file, line and column', async () => {
    const task = await copyFixture(join(root, 'bad-subpath'));
    await writeFile(task.paths.acs, "import { x } from 'gtkit/lambdas/handlers/acs.ts';\nimport { y } from 'gtkit/../package.json';\nexport const handler = async () => [x, y];\n");
    const error = await buildTaskLambdas(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    const message = (error as BundleError).message;
    expect(message).toContain(`${task.paths.acs}:1:19: "gtkit/lambdas/handlers/acs.ts" is not a gtkit entry point; import one of gtkit, gtkit/lambdas, gtkit/testing, gtkit/s3, gtkit/consolidation`);
    expect(message).toContain(`${task.paths.acs}:2:19: "gtkit/../package.json" is not a gtkit entry point`);
    expect((error as BundleError).problems).toHaveLength(2);
  });

  it('reports an exports target that is missing on disk, and a package with no exports map', async () => {
    const task = await copyFixture(join(root, 'broken-install'));
    const fake = join(task.dir, 'node_modules', 'gtkit');
    await mkdir(fake, { recursive: true });
    await writeFile(join(fake, 'package.json'), JSON.stringify({ name: 'gtkit', exports: { '.': './gone.js', './scaffold': './gone.js' } }));
    await expect(buildTaskLambdas(task)).rejects.toThrow(/"gtkit" points at .*gone\.js, which does not exist; reinstall gtkit/);
    await writeFile(join(fake, 'package.json'), JSON.stringify({ name: 'gtkit', main: 'index.js' }));
    await expect(buildTaskLambdas(task)).rejects.toThrow(/has no "exports" map; this gtkit is too old/);
    await writeFile(join(fake, 'package.json'), '{ not json');
    await expect(buildTaskLambdas(task)).rejects.toThrow(/cannot read the gtkit package/);
  });
});

describe('bundling errors and odd entry files', () => {
  it('names the file, line and column of a syntax error', async () => {
    const task = await copyFixture(join(root, 'syntax'));
    await writeFile(task.paths.acs, 'export const handler = async () => {\n  return [;\n};\n');
    await expect(buildTaskLambdas(task)).rejects.toThrow(new RegExp(`could not bundle .*acs\\.ts:\\n  .*acs\\.ts:2:11: Unexpected ";"`));
  });

  it('a failed bundle leaves no other build writing after the failure is thrown', async () => {
    const task = await copyFixture(join(root, 'half'));
    // The PRE fails at once; the ACS (the larger bundle) is still being built then.
    await writeFile(task.paths.pre, 'export const handler = async () => {\n  return [;\n};\n');
    await expect(buildTaskLambdas(task)).rejects.toThrow(/could not bundle .*pre\.ts/);
    // The ACS finished (or failed) before the error came: its zip is there now, not later.
    expect(existsSync(join(task.dir, '.gtkit', 'build', 'acs.zip'))).toBe(true);
  });

  it('says which entry file is missing', async () => {
    const task = await copyFixture(join(root, 'missing'));
    await rm(task.paths.pre);
    await expect(buildTaskLambdas(task)).rejects.toThrow(/could not bundle .*pre\.ts:\n {2}no such file; a task folder needs pre\.ts/);
  });

  it('refuses an entry without a handler export (Lambda would fail with Runtime.HandlerNotFound), naming what it exports', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pre.ts'), '');
    const entry = join(dir, 'pre.ts');
    const build = () => bundleLambda(entry, { outDir: join(dir, 'out'), name: 'pre' });
    await expect(build()).rejects.toThrow(`could not bundle ${entry}:\n  ${entry}:1:1: exports no "handler"; Lambda calls index.handler and would fail with Runtime.HandlerNotFound: add \`export const handler = …\``);
    await writeFile(entry, 'export const handle = async () => 1;\nexport default 2;\n');
    await expect(build()).rejects.toThrow('exports no "handler" (it exports "default", "handle"); Lambda calls index.handler');
  });

  it('bundles a CommonJS handler (exports.handler, as Lambda runs it) to a bundle that exports handler', async () => {
    const dir = join(root, 'common-js');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pre.cjs'), "const shout = (s) => s.toUpperCase();\nexports.handler = async (event) => ({ taskInput: { said: shout(event.dataObject.source) }, isHumanAnnotationRequired: true });\n");
    const built = await bundleLambda(join(dir, 'pre.cjs'), { outDir: join(dir, 'out'), name: 'pre' });
    const handler = await loadBundledHandler(built.bundleFile);
    expect(await handler(buildPreEvent({ source: 'hi' }), createLambdaContext())).toEqual({ taskInput: { said: 'HI' }, isHumanAnnotationRequired: true });
    // CommonJS exports are known only when it runs: one without a handler fails as it loads, saying so.
    await writeFile(join(dir, 'pre.cjs'), 'exports.handle = async () => 1;\n');
    const without = await bundleLambda(join(dir, 'pre.cjs'), { outDir: join(dir, 'out'), name: 'pre' });
    await expect(loadBundledHandler(without.bundleFile)).rejects.toThrow('pre.cjs sets no function exports.handler; Lambda calls index.handler');
  });

  it('says how to install a package that is not there', async () => {
    const dir = join(root, 'no-package');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pre.ts'), "import pad from 'left-pad-not-installed/sub';\nimport x from '@scope-not-installed/pkg/deep';\nimport y from './missing.ts';\nexport const handler = async () => [pad, x, y];\n");
    const error = await bundleLambda(join(dir, 'pre.ts'), { outDir: join(dir, 'out'), name: 'pre' }).catch((e: Error) => e.message);
    expect(error).toContain(`Could not resolve "left-pad-not-installed/sub"; install it in the task folder: cd ${dir} && npm install left-pad-not-installed`);
    expect(error).toContain(`Could not resolve "@scope-not-installed/pkg/deep"; install it in the task folder: cd ${dir} && npm install @scope-not-installed/pkg`);
    expect(error).toMatch(/Could not resolve "\.\/missing\.ts"\n|Could not resolve "\.\/missing\.ts"$/m);
  });

  it('handles a huge entry (a 2 MB string constant) and hostile text in it', async () => {
    const dir = join(root, 'huge');
    await mkdir(dir, { recursive: true });
    const big = 'x'.repeat(2 * 1024 * 1024);
    await writeFile(join(dir, 'pre.ts'), `const big = ${JSON.stringify(big)};\nexport const handler = async () => ({ n: big.length, s: "</script>\\u2028\\u0000'\\"" });\n`);
    const a = await bundleLambda(join(dir, 'pre.ts'), { outDir: join(dir, 'a'), name: 'pre' });
    const b = await bundleLambda(join(dir, 'pre.ts'), { outDir: join(dir, 'b'), name: 'pre' });
    expect(a.codeSha256).toBe(b.codeSha256);
    expect(a.zipBytes).toBeLessThan(a.bytes / 50);
    const handler = await loadBundledHandler(a.bundleFile);
    await expect(handler({}, createLambdaContext())).resolves.toEqual({ n: big.length, s: "</script>\u2028\u0000'\"" });
  });
});
