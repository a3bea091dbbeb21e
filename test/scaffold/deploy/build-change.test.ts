import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, TagResourceCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { gtkitBuildId } from '../../../scaffold/build/build-id.ts';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { deployStateFile, readDeployState } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

/** gtkit deploy says when it swaps a function's code for code another gtkit built (the upgrade under a running job). */

const bucket = 'acme-sagemaker-gt';
const preName = 'SageMaker-ticket-intent-pre';
const acsName = 'SageMaker-ticket-intent-acs';
const harness = deployHarness([bucket], 'gtkit-build-change-');
const { lambdaMock } = harness;
const clients = () => harness.clients();
let counter = 0;
const freshTask = (): Promise<LoadedTask> => copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
const thisBuild = gtkitBuildId(runningGtkitRoot) as string;
const olderBuild = '0123456789ab';
const gtkitTagsOf = (build?: string) => ({ 'created-by': 'gtkit', 'gtkit-job': 'ticket-intent', ...(build ? { 'gtkit-build': build } : {}) });
const tail = (which: 'pre' | 'acs', work: string) =>
  `: a labeling job names the function, not a version, so a job of ticket-intent still running ${work} with the new code, whose label form and confidences may differ from its earlier ones; let it finish first, or give lambdas.${which}.functionName a new name for the next job (what an upgrade changes: docs/upgrading.md)`;
async function changeCode(task: LoadedTask): Promise<void> {
  await writeFile(task.paths.acs, `${await readFile(task.paths.acs, 'utf8')}\nexport const changed = ${++counter};\n`);
}
async function editState(task: LoadedTask, edit: (fn: Record<string, unknown>) => void): Promise<void> {
  const file = deployStateFile(task.dir);
  const state = JSON.parse(await readFile(file, 'utf8')) as { functions: { acs: Record<string, unknown> } };
  edit(state.functions.acs);
  await writeFile(file, JSON.stringify(state));
}

describe('the gtkit build id', () => {
  it('is a 12-digit hash of the lambdas/ tree, read once per package per process', async () => {
    expect(thisBuild).toMatch(/^[0-9a-f]{12}$/);
    const root = await mkdtemp(join(tmpdir(), 'gtkit-build-id-'));
    try {
      const pkg = (name: string) => join(root, name);
      for (const name of ['a', 'b', 'c']) {
        await mkdir(join(pkg(name), 'lambdas', 'handlers'), { recursive: true });
        await writeFile(join(pkg(name), 'lambdas', 'index.ts'), 'export {};\n');
        await writeFile(join(pkg(name), 'lambdas', 'handlers', 'acs.ts'), 'export const x = 1;\n');
      }
      await writeFile(join(pkg('b'), 'lambdas', 'handlers', 'acs.ts'), 'export const x = 2;\n');
      await rename(join(pkg('c'), 'lambdas', 'index.ts'), join(pkg('c'), 'lambdas', 'main.ts'));
      const [a, b, c] = ['a', 'b', 'c'].map((name) => gtkitBuildId(pkg(name)));
      expect(new Set([a, b, c]).size).toBe(3);
      // Computed once: a change after the first read is not seen by this process.
      await writeFile(join(pkg('a'), 'lambdas', 'index.ts'), 'export const later = 1;\n');
      expect(gtkitBuildId(pkg('a'))).toBe(a);
      expect(gtkitBuildId(join(root, 'none'))).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('gtkit deploy over code another gtkit built', () => {
  it('a first deploy says nothing of builds, and records the build in the state and the functions\' tags', async () => {
    const task = await freshTask();
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings).toEqual([]);
    expect(result.build.acs.gtkitBuild).toBe(thisBuild);
    expect(lambdaMock.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input.Tags)).toEqual([{ ...gtkitTagsOf(thisBuild) }, { ...gtkitTagsOf(thisBuild) }]);
    const state = await readDeployState(task.dir);
    expect([state?.functions.pre?.gtkitBuild, state?.functions.acs?.gtkitBuild]).toEqual([thisBuild, thisBuild]);
    // The same gtkit again, with the task's own edit: no word of builds, no tag call.
    await changeCode(task);
    const again = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(again.functions.acs?.action).toBe('updated');
    expect(again.warnings).toEqual([]);
    expect(lambdaMock.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it('warns when the function\'s gtkit-build tag names another build, then tags it with this one', async () => {
    const task = await freshTask();
    harness.fake.addExisting(acsName, gtkitTagsOf(olderBuild));
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings).toEqual([`${acsName} was built by another gtkit (gtkit-build ${olderBuild}; this one is ${thisBuild}), and this deploy replaces its code${tail('acs', 'consolidates its next batches')}`]);
    expect(harness.fake.functions.get(acsName)?.tags['gtkit-build']).toBe(thisBuild);
    // A fresh clone (no state) reads the tag: the same gtkit, no warning.
    await rm(deployStateFile(task.dir));
    await changeCode(task);
    expect((await deployTask(task, { skipUploads: true }, clients(), () => {})).warnings).toEqual([]);
  });

  it('the state\'s record counts when Lambda returns no tags', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await editState(task, (fn) => (fn.gtkitBuild = olderBuild));
    harness.fake.tagsHidden = 'omitted';
    await changeCode(task);
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings).toEqual([`${acsName} was built by another gtkit (gtkit-build ${olderBuild}; this one is ${thisBuild}), and this deploy replaces its code${tail('acs', 'consolidates its next batches')}`]);
  });

  it('a function of a gtkit that recorded no build id: one warning that it cannot tell, and the tag set', async () => {
    const task = await freshTask();
    harness.fake.addExisting(preName, gtkitTagsOf());
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings).toEqual([
      `${preName} holds code from a gtkit that recorded no build id (one from before 2026-11-25), so gtkit cannot tell whether this deploy, which replaces its code, also brings another gtkit's (this one is gtkit-build ${thisBuild})${tail('pre', 'prepares its next objects')}`,
    ]);
    expect(harness.fake.functions.get(preName)?.tags['gtkit-build']).toBe(thisBuild);
  });

  it('a tag Lambda refuses is a warning, and the deploy goes on', async () => {
    const task = await freshTask();
    harness.fake.addExisting(acsName, gtkitTagsOf(olderBuild));
    harness.fake.failNext.set('TagResource', [awsError('AccessDeniedException', 'not authorized to perform: lambda:TagResource', 403)]);
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings[1]).toBe(
      `could not tag ${acsName} with gtkit-build=${thisBuild} (lambda:TagResource: AccessDeniedException): its tag still names the gtkit that built its earlier code, so a deploy without this folder's .gtkit/ state will take it for another gtkit's`,
    );
    expect((await readDeployState(task.dir))?.functions.acs?.gtkitBuild).toBe(thisBuild);
  });

  it('a deploy state whose build id is not one is refused, naming the field', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await editState(task, (fn) => (fn.gtkitBuild = 'v0.1.0'));
    await expect(readDeployState(task.dir)).rejects.toThrow('functions.acs.gtkitBuild: expected a gtkit build id (12 hex digits)');
  });

  it('--dry-run compares with the state\'s record, and --json carries the warning', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await changeCode(task);
    expect((await deployTask(task, { skipUploads: true, dryRun: true }, clients(), () => {})).warnings).toEqual([]);
    await editState(task, (fn) => (fn.gtkitBuild = olderBuild));
    const other = `${acsName} was built by another gtkit (gtkit-build ${olderBuild}; this one is ${thisBuild}), and this deploy would replace its code${tail('acs', 'consolidates its next batches')}`;
    expect((await deployTask(task, { skipUploads: true, dryRun: true }, clients(), () => {})).warnings).toEqual([other]);
    const printed: string[] = [];
    const output = { out: (line: string) => void printed.push(line), err: () => {} };
    await runDeployCommand(task.dir, { dryRun: true, skipUploads: true, json: true }, output, () => clients());
    expect((JSON.parse(printed.join('\n')) as { warnings: string[] }).warnings).toEqual([other]);
    await editState(task, (fn) => delete fn.gtkitBuild);
    expect((await deployTask(task, { skipUploads: true, dryRun: true }, clients(), () => {})).warnings).toEqual([
      `${acsName} holds code from a gtkit that recorded no build id (one from before 2026-11-25), so gtkit cannot tell whether this deploy, which would replace its code, also brings another gtkit's (this one is gtkit-build ${thisBuild})${tail('acs', 'consolidates its next batches')}`,
    ]);
  });
});
