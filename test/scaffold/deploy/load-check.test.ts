import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { gtkitChild } from '../../helpers/gtkit-child.ts';
import { failsOnlyHere } from '../../../scaffold/deploy/load-check.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';

/**
 * Deploy loads both bundles as Lambda's cold start does, before any change and in a dry run: a
 * name an external module (`@aws-sdk/*`, which every PRE leaves to the runtime, or a Node
 * built-in) does not export passes esbuild, and in Lambda would fail every invocation.
 */

const harness = deployHarness(['acme-sagemaker-gt'], 'gtkit-load-check-');
let counter = 0;

/** The fixture task with `head` put before the first line of its `which` file. */
async function taskWith(which: 'pre' | 'acs', head: string): Promise<LoadedTask> {
  const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
  await writeFile(task.paths[which], `${head}\n${await readFile(task.paths[which], 'utf8')}`);
  return task;
}

const sdkTypo = "import { GetObjectCommandTypo } from '@aws-sdk/client-s3';\nexport const typo = GetObjectCommandTypo;";
const nodeTypo = "import { readFileSyncTypo } from 'node:fs';\nexport const typo = readFileSyncTypo;";

/**
 * The CLI in a child process: Vitest runs a test's dynamic imports through its own module runner,
 * which binds a missing named import as undefined instead of failing as Node (and Lambda) does.
 * No AWS call can succeed there: any one would fail on the endpoint, with another message.
 */
async function gtkitDeploy(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'none', AWS_SECRET_ACCESS_KEY: 'none', AWS_EC2_METADATA_DISABLED: 'true' };
  const ended = await gtkitChild(['deploy', ...args], { env }).ended;
  return { code: ended.code, out: ended.stdout + ended.stderr };
}

/** The message on one line, as the CLI prints it (after `error: `, wrapped by nothing). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe('gtkit deploy loads both bundles before it changes anything', () => {
  it('a name @aws-sdk/client-s3 does not export (left out of the PRE bundle): the dry run and the deploy stop, naming pre.ts, the import and what to do', async () => {
    const task = await taskWith('pre', sdkTypo);
    const expected = `${task.paths.pre}: the PRE Lambda fails to load, as it would at cold start: The requested module '@aws-sdk/client-s3' does not provide an export named 'GetObjectCommandTypo': '@aws-sdk/client-s3' has no export GetObjectCommandTypo, and Lambda would fail every PRE invocation (Runtime.ImportModuleError); correct the name in its import (pre.ts or a task file it imports). Nothing was deployed`;
    const dry = await gtkitDeploy([task.dir, '--dry-run', '--skip-uploads']);
    expect(dry.code).toBe(1);
    expect(oneLine(dry.out)).toContain(expected);
    expect(dry.out).not.toContain('plan:');
    // The deploy stops before its first AWS call (sts:GetCallerIdentity would fail on the endpoint).
    const real = await gtkitDeploy([task.dir, '--skip-uploads']);
    expect(real.code).toBe(1);
    expect(oneLine(real.out)).toContain(expected);
    expect(real.out).not.toContain('account:');
    // The CloudFormation route builds the same zips: it stops there too, before writing the template.
    const stack = join(task.dir, 'stack.json');
    const emitted = await gtkitDeploy([task.dir, '--emit-cloudformation', stack]);
    expect(emitted.code).toBe(1);
    expect(oneLine(emitted.out)).toContain(expected.replace(/Nothing was deployed$/, 'Nothing was written'));
    expect(existsSync(stack)).toBe(false);
  }, 120_000);

  it('a name node:fs does not export, in the ACS: named by acs.ts; a failure on the runtime\'s Node or later, a warning on an older one (whose node:fs may lack what the runtime\'s has)', async () => {
    const task = await taskWith('acs', nodeTypo);
    const nodeSays = "The requested module 'node:fs' does not provide an export named 'readFileSyncTypo'";
    const dry = await gtkitDeploy([task.dir, '--dry-run', '--skip-uploads', '--runtime', 'nodejs22.x']);
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      expect(dry.code).toBe(1);
      expect(oneLine(dry.out)).toContain(`${task.paths.acs}: the ACS Lambda fails to load, as it would at cold start: ${nodeSays}: 'node:fs' has no export readFileSyncTypo, and Lambda would fail every ACS invocation (Runtime.ImportModuleError); correct the name in its import (acs.ts or a task file it imports). Nothing was deployed`);
    } else {
      expect(dry.code).toBe(0);
      expect(oneLine(dry.out)).toContain(
        `warning: ${task.paths.acs}: gtkit could not check that the ACS Lambda loads as it would at cold start (${nodeSays}): this machine runs Node.js ${process.versions.node} and nodejs22.x Node.js 22, whose 'node:fs' may have what this one lacks; deploy with Node.js 22 to check it`,
      );
    }
  }, 90_000);

  it('the scaffolded fixture task, unchanged, passes the same child-process dry run', async () => {
    const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
    const dry = await gtkitDeploy([task.dir, '--dry-run', '--skip-uploads']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("load: importing both bundles, as Lambda's cold start does");
    expect(dry.out).toContain('dry run: nothing was changed');
    expect(dry.out).not.toContain('warning:');
  }, 90_000);

  it('a name gtkit does not export still stops at the build (esbuild checks the files it bundles)', async () => {
    const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
    const source = await readFile(task.paths.pre, 'utf8');
    await writeFile(task.paths.pre, source.replace("import { InvalidDataObjectError, preHandler } from 'gtkit';", "import { InvalidDataObjectError, noSuchThing, preHandler } from 'gtkit';\nexport const typo = noSuchThing;"));
    await expect(deployTask(task, { dryRun: true, skipUploads: true }, harness.clients(), () => {})).rejects.toThrow(/could not bundle[\s\S]*noSuchThing/);
  }, 60_000);

  it('a correct task loads, says so, and deploys', async () => {
    const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
    const lines: string[] = [];
    const dry = await deployTask(task, { dryRun: true, skipUploads: true }, harness.clients(), (l) => lines.push(l));
    expect(dry.warnings).toEqual([]);
    expect(lines).toContain("  load: importing both bundles, as Lambda's cold start does");
    const result = await deployTask(task, { skipUploads: true }, harness.clients(), () => {});
    expect([result.functions.pre?.action, result.functions.acs?.action]).toEqual(['created', 'created']);
  }, 60_000);

  it("an @aws-sdk package installed neither in the task folder nor with gtkit is the runtime's: a warning that says what could not be checked, and the deploy goes on", async () => {
    const task = await taskWith('pre', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const table = DynamoDBClient;");
    const dry = await deployTask(task, { dryRun: true, skipUploads: true }, harness.clients(), () => {});
    expect(dry.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${escape(task.paths.pre)}: gtkit could not check that the PRE Lambda loads as it would at cold start \\(Cannot find package '@aws-sdk/client-dynamodb' imported from .*\\): '@aws-sdk/client-dynamodb' is installed neither in the task folder nor with gtkit, and the Lambda runtime provides it; install it in the task folder \\(npm install --save-dev @aws-sdk/client-dynamodb\\) so that deploy can check the names imported from it$`,
        ),
      ),
    ]);
  }, 60_000);
});

describe('failsOnlyHere', () => {
  const missingExport = (module: string, name: string) => new SyntaxError(`The requested module '${module}' does not provide an export named '${name}'`);
  const unknownBuiltin = Object.assign(new Error('No such built-in module: node:sqlite'), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });

  it('a built-in name this Node lacks is unchecked only when the runtime runs a later Node', () => {
    expect(failsOnlyHere(missingExport('node:fs/promises', 'glob'), 'nodejs24.x', '20.20.2')).toBe(
      "this machine runs Node.js 20.20.2 and nodejs24.x Node.js 24, whose 'node:fs/promises' may have what this one lacks; deploy with Node.js 24 to check it",
    );
    expect(failsOnlyHere(unknownBuiltin, 'nodejs22.x', '20.20.2')).toContain("'node:sqlite' may have what this one lacks");
    expect(failsOnlyHere(missingExport('fs', 'readFileSyncTypo'), 'nodejs22.x', '20.20.2')).toContain("'fs' may have");
    // The same Node, or a later one here: the task's mistake.
    expect(failsOnlyHere(missingExport('node:fs', 'readFileSyncTypo'), 'nodejs24.x', '24.1.0')).toBeUndefined();
    expect(failsOnlyHere(missingExport('node:fs', 'readFileSyncTypo'), 'nodejs22.x', '24.1.0')).toBeUndefined();
  });

  it('a package or name of the task is never unchecked', () => {
    expect(failsOnlyHere(missingExport('@aws-sdk/client-s3', 'GetObjectCommandTypo'), 'nodejs24.x', '20.20.2')).toBeUndefined();
    const notInstalled = Object.assign(new Error("Cannot find package 'left-pad' imported from /t/.gtkit/build/pre/index.mjs"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(failsOnlyHere(notInstalled, 'nodejs24.x', '20.20.2')).toBeUndefined();
    expect(failsOnlyHere(new Error('boom at import'), 'nodejs24.x', '20.20.2')).toBeUndefined();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
