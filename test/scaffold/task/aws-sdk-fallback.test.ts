import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { copyFixture } from '../build/fixture.ts';
import { loadInNode, ownFakeClientS3, s3ReadingHandlers, sdkTaskFolder, useSdkBucket } from './sdk-task-folder.ts';

// Every load happens in a plain Node process (loadInNode), as in the gtkit CLI: vitest's own
// module resolution would find this checkout's SDK for the task and hide the problem.
const temp = useTempRoot('gtkit-aws-sdk-fallback-');

const { readEvent } = useSdkBucket();
const handlerNames = Object.keys(s3ReadingHandlers) as Array<keyof typeof s3ReadingHandlers>;

describe('a handler run from source (gtkit run --source, the preview) imports the AWS SDK', () => {
  it('ESM, TypeScript and CommonJS handlers get gtkit\'s @aws-sdk/client-s3 when the task folder has none, and read S3 with it', async () => {
    const dir = await sdkTaskFolder(join(temp.path, 'lent'), s3ReadingHandlers);
    // TypeScript in a CommonJS package: tsx compiles its imports to require calls.
    const commonJs = await sdkTaskFolder(join(temp.path, 'lent-commonjs'), { 'acs.ts': s3ReadingHandlers['acs.ts'] }, { type: 'commonjs' });
    const outcomes = await loadInNode(dir, { files: [...handlerNames.map((n) => join(dir, n)), join(commonJs, 'acs.ts')], event: readEvent() });
    for (const file of [...handlerNames.map((n) => join(dir, n)), join(commonJs, 'acs.ts')]) {
      expect(outcomes[file], file).toEqual({ ok: true, value: { body: '{"answers":[]}', own: null } });
    }
  });

  it('a task folder with its own @aws-sdk/client-s3 gets its own copy, in every module format', async () => {
    const dir = await sdkTaskFolder(join(temp.path, 'own'), s3ReadingHandlers);
    await ownFakeClientS3(dir);
    const outcomes = await loadInNode(dir, { files: handlerNames.map((n) => join(dir, n)), event: readEvent() });
    for (const name of handlerNames) expect(outcomes[join(dir, name)], name).toEqual({ ok: true, value: { body: 'own:payload.json', own: 'TASK-OWN-SDK' } });
  });

  it('still fails, naming the package, for one outside the SDK, one gtkit lacks too, or a broken copy the task has', async () => {
    const dir = await sdkTaskFolder(join(temp.path, 'missing'), {
      'esm-other.mjs': "import pad from 'left-pad-not-installed';\nexport const handler = async () => pad;\n",
      'esm-sdk.mjs': "import { DynamoDBClient } from '@aws-sdk/client-not-in-gtkit';\nexport const handler = async () => DynamoDBClient;\n",
      'cjs-other.cjs': "const pad = require('left-pad-not-installed');\nexports.handler = async () => pad;\n",
      'cjs-sdk.cjs': "const x = require('@smithy/not-in-gtkit');\nexports.handler = async () => x;\n",
      'ts-sdk.ts': "import { x } from '@aws-crypto/not-in-gtkit';\nexport const handler = async (): Promise<unknown> => x;\n",
      // An SDK-looking name that is not one: no fallback.
      'lookalike.mjs': "import x from '@aws-sdkx/client-s3';\nexport const handler = async () => x;\n",
    });
    const broken = await sdkTaskFolder(join(temp.path, 'broken-own'), { 'acs.mjs': s3ReadingHandlers['acs.mjs'] });
    const pkg = join(broken, 'node_modules', '@aws-sdk', 'client-s3');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@aws-sdk/client-s3', version: '3.0.0', exports: { './other': './other.js' } }));
    const file = (name: string) => join(dir, name);
    const outcomes = await loadInNode(dir, { files: ['esm-other.mjs', 'esm-sdk.mjs', 'cjs-other.cjs', 'cjs-sdk.cjs', 'ts-sdk.ts', 'lookalike.mjs'].map(file).concat(join(broken, 'acs.mjs')), event: {} });
    const message = (f: string) => (outcomes[f]?.ok === false ? outcomes[f].message : `loaded: ${JSON.stringify(outcomes[f])}`);
    expect(message(file('esm-other.mjs'))).toBe(`${file('esm-other.mjs')}: could not load: Cannot find package 'left-pad-not-installed' imported from ${file('esm-other.mjs')}`);
    expect(message(file('esm-sdk.mjs'))).toBe(`${file('esm-sdk.mjs')}: could not load: Cannot find package '@aws-sdk/client-not-in-gtkit' imported from ${file('esm-sdk.mjs')}`);
    expect(message(file('cjs-other.cjs'))).toMatch(/cjs-other\.cjs: could not load: Cannot find module 'left-pad-not-installed'/);
    expect(message(file('cjs-sdk.cjs'))).toMatch(/cjs-sdk\.cjs: could not load: Cannot find module '@smithy\/not-in-gtkit'/);
    expect(message(file('ts-sdk.ts'))).toMatch(/ts-sdk\.ts: could not load: Cannot find (package|module) '@aws-crypto\/not-in-gtkit'/);
    expect(message(file('lookalike.mjs'))).toMatch(/could not load: Cannot find package '@aws-sdkx\/client-s3'/);
    // The task's own copy is its choice, even a broken one: gtkit's is not lent over it.
    expect(message(join(broken, 'acs.mjs'))).toMatch(/acs\.mjs: could not load: No "exports" main defined in .*broken-own\/node_modules\/@aws-sdk\/client-s3\/package\.json/);
  });
});

describe('gtkit run from bundles', () => {
  it('lends gtkit\'s SDK to the PRE bundle, which leaves @aws-sdk/* to the Lambda runtime', async () => {
    const task = await copyFixture(join(temp.path, 'bundle-pre'), { linkGtkit: true });
    await writeFile(task.paths.pre, `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
export const handler = async (event: { dataObject: { endpoint: string; bucket: string; key: string } }) => {
  const { endpoint, bucket, key } = event.dataObject;
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { taskInput: { text: await got.Body?.transformToString() }, isHumanAnnotationRequired: 'true' };
};
`);
    const outcomes = await loadInNode(task.dir, { taskDir: task.dir, event: { dataObject: readEvent() } });
    expect(outcomes['bundled pre']).toEqual({ ok: true, value: { taskInput: { text: '{"answers":[]}' }, isHumanAnnotationRequired: 'true' } });
  });
});

describe('node --import gtkit/register (a task\'s own tests and scripts)', () => {
  it('lends the AWS SDK to a plain script in a folder without it, and leaves other packages missing', async () => {
    const { execFile } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const dir = join(temp.path, 'register');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'uses-sdk.mjs'), 'import { S3Client } from "@aws-sdk/client-s3";\nconsole.log(typeof S3Client);\n');
    await writeFile(join(dir, 'uses-other.mjs'), 'import "left-pad-not-installed";\n');
    const register = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'register.js')).href;
    const run = (script: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, ['--import', register, script], { cwd: dir }, (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }));
      });
    expect(await run('uses-sdk.mjs')).toMatchObject({ code: 0, stdout: 'function\n' });
    const other = await run('uses-other.mjs');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain("Cannot find package 'left-pad-not-installed'");
  }, 30_000);
});
