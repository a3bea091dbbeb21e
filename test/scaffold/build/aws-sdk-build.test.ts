import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleLambda, sizeReport, type BuiltLambda } from '../../../build.ts';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { runLikeLambda } from '../../../scaffold/build/run-like-lambda.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { ownFakeClientS3, s3ReadingHandlers, sdkTaskFolder, useSdkBucket } from '../task/sdk-task-folder.ts';

const temp = useTempRoot('gtkit-aws-sdk-build-');
const gtkitSdkVersion = (createRequire(join(runningGtkitRoot, 'package.json'))('@aws-sdk/client-s3/package.json') as { version: string }).version;

const { readEvent } = useSdkBucket();
const handlerNames = Object.keys(s3ReadingHandlers) as Array<keyof typeof s3ReadingHandlers>;
const acsNote = (acs: BuiltLambda) => sizeReport({ pre: { ...acs, name: 'pre' }, acs }, '/').find((line) => line.includes('AWS SDK:') && !line.includes('not included'))?.trim();

describe('gtkit build with a task folder that has no AWS SDK of its own', () => {
  it.each(handlerNames)('%s importing @aws-sdk/client-s3 bundles gtkit\'s copy, says so, and the zip alone reads S3', async (name) => {
    const dir = await sdkTaskFolder(join(temp.path, `lent-${name.replace('.', '-')}`), { [name]: s3ReadingHandlers[name] });
    const acs = await bundleLambda(join(dir, name), { outDir: join(dir, 'out'), name: 'acs', taskDir: dir });
    expect(acs.composition.map((p) => p.part)).toContain('@aws-sdk/client-s3');
    expect(acs.sdkPackages).toEqual([{ name: '@aws-sdk/client-s3', version: gtkitSdkVersion, dir: expect.stringMatching(/node_modules\/@aws-sdk\/client-s3$/), from: 'gtkit', importedByTask: true }]);
    expect(acsNote(acs)).toBe(`AWS SDK: bundled @aws-sdk/client-s3 ${gtkitSdkVersion} from gtkit's install (${shownPath(acs.sdkPackages[0]?.dir.replace(/\/@aws-sdk\/client-s3$/, '') ?? '')}), as the task folder has none; to pin your own: cd ${dir} && npm install @aws-sdk/client-s3@${gtkitSdkVersion}`);
    const run = await runLikeLambda({ code: acs.zip, events: [readEvent()] });
    expect(run.initError).toBeUndefined();
    expect(run.invocations[0]).toMatchObject({ ok: true, result: { body: '{"answers":[]}', own: null } });
  });

  it('with --sdk runtime still leaves @aws-sdk/* to the Lambda runtime', async () => {
    const dir = await sdkTaskFolder(join(temp.path, 'runtime'), { 'acs.ts': s3ReadingHandlers['acs.ts'] });
    const acs = await bundleLambda(join(dir, 'acs.ts'), { outDir: join(dir, 'out'), name: 'acs', taskDir: dir, sdk: 'runtime' });
    expect(acs.runtimeImports).toEqual(['@aws-sdk/client-s3']);
    expect(acs.sdkPackages).toEqual([]);
    expect(acs.bytes).toBeLessThan(2_000);
    expect(acsNote(acs)).toBe("AWS SDK: the Lambda runtime's (--sdk runtime); imports from the runtime: @aws-sdk/client-s3");
    const run = await runLikeLambda({ code: acs.zip, runtimeSdk: true, events: [readEvent()] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: { body: '{"answers":[]}' } });
  });
});

describe('gtkit build with a task folder that pins its own SDK', () => {
  it.each(handlerNames)('%s bundles the task\'s own @aws-sdk/client-s3, not gtkit\'s', async (name) => {
    const dir = await sdkTaskFolder(join(temp.path, `own-${name.replace('.', '-')}`), { [name]: s3ReadingHandlers[name] });
    await ownFakeClientS3(dir);
    const acs = await bundleLambda(join(dir, name), { outDir: join(dir, 'out'), name: 'acs', taskDir: dir });
    expect(await readFile(acs.bundleFile, 'utf8')).toContain('TASK-OWN-SDK');
    expect(acs.composition.map((p) => p.part)).not.toContain('@smithy/core');
    expect(acs.sdkPackages).toEqual([{ name: '@aws-sdk/client-s3', version: '3.0.0-own', dir: join(dir, 'node_modules', '@aws-sdk', 'client-s3'), from: 'task', importedByTask: true }]);
    expect(acsNote(acs)).toBe(`AWS SDK: bundled @aws-sdk/client-s3 3.0.0-own from ${join(dir, 'node_modules')}`);
    const run = await runLikeLambda({ code: acs.zip, events: [readEvent()] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: { body: 'own:payload.json', own: 'TASK-OWN-SDK' } });
  });
});

describe('packages gtkit does not lend', () => {
  it('a missing package outside the SDK, or an SDK package gtkit lacks too, fails with the install command', async () => {
    const dir = await sdkTaskFolder(join(temp.path, 'missing'), {
      'acs.ts': "import pad from 'left-pad-not-installed';\nimport { DynamoDBClient } from '@aws-sdk/client-not-in-gtkit';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => [pad, DynamoDBClient, S3Client];\n",
    });
    const error = await bundleLambda(join(dir, 'acs.ts'), { outDir: join(dir, 'out'), name: 'acs', taskDir: dir }).catch((e: Error) => e.message);
    expect(error).toContain(`${join(dir, 'acs.ts')}:1:17: Could not resolve "left-pad-not-installed"; install it in the task folder: cd ${dir} && npm install left-pad-not-installed`);
    expect(error).toContain(`${join(dir, 'acs.ts')}:2:32: Could not resolve "@aws-sdk/client-not-in-gtkit"; install it in the task folder: cd ${dir} && npm install @aws-sdk/client-not-in-gtkit`);
    // The package gtkit does have is lent: only the two above are problems.
    expect(error).not.toContain('"@aws-sdk/client-s3"');
  });
});
