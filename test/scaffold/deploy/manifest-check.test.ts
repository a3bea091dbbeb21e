import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask, DeployError } from '../../../scaffold/deploy/deploy.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';
import { escapeRegExp } from '../../../templates/engine/reg-exp.ts';

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-deploy-manifest-');
let counter = 0;
let lines: string[];
const progress = (line: string) => lines.push(line);
beforeEach(() => {
  lines = [];
});

/** A fresh copy of the fixture task with `manifest` as its manifest.jsonl. */
async function taskWith(manifest: string | Buffer): Promise<LoadedTask> {
  counter += 1;
  const task = await copyFixture(join(harness.root, `task-${counter}`), { linkGtkit: true });
  await writeFile(task.paths.manifest, manifest);
  task.config.s3.prefix = `manifest-${counter}`;
  return task;
}

describe('gtkit deploy refuses a manifest Ground Truth could read nothing from, before any build or AWS call', () => {
  it.each([
    ['empty', '', 'has no data objects (it is empty), so a job made from it would label nothing'],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"source":"x"}\n', 'utf16le')]), 'the file is UTF-16 (it starts with a UTF-16 byte-order mark), so Ground Truth could read no data object from it'],
    ['every line bad', '[]\n"x"\nnull\n', 'none of its 3 lines is a data object Ground Truth can read (line 1: expected a JSON object, got an array), so a job made from it would label nothing'],
  ])('%s (also --dry-run)', async (_, manifest, message) => {
    for (const dryRun of [false, true]) {
      const task = await taskWith(manifest);
      const error = await deployTask(task, { dryRun }, harness.clients(), progress).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployError);
      expect((error as Error).message).toMatch(new RegExp(`^${escapeRegExp(task.paths.manifest)}: ${escapeRegExp(message)}; .+\\. Nothing was deployed$`));
      expect(lines.filter((l) => l.startsWith('build:'))).toEqual([]);
      expect(harness.lambdaMock.calls()).toHaveLength(0);
      expect(harness.stsMock.calls()).toHaveLength(0);
    }
  });

  it('--emit-cloudformation, whose next steps upload the manifest, refuses it too', async () => {
    const task = await taskWith('');
    const error = await runDeployCommand(task.dir, { emitCloudformation: join(task.dir, 'stack.json') }, { out: () => {}, err: () => {} }, () => harness.clients()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain('manifest.jsonl: has no data objects (it is empty)');
  });

  it('--skip-uploads does not upload the manifest, so does not check it', async () => {
    const task = await taskWith('');
    const result = await deployTask(task, { dryRun: true, skipUploads: true }, harness.clients(), progress);
    expect(result.warnings.filter((w) => w.includes('manifest.jsonl'))).toEqual([]);
  });
});

describe('gtkit deploy --dry-run warns about bad lines and a byte-order mark', () => {
  it('one counted warning for the bad lines, one for the BOM, and the plan still runs', async () => {
    const task = await taskWith('\ufeff{"source":"where is my parcel"}\n[]\n{"a":1}\n');
    const result = await deployTask(task, { dryRun: true }, harness.clients(), progress);
    const about = result.warnings.filter((w) => w.startsWith(task.paths.manifest));
    expect(about).toHaveLength(2);
    expect(about[0]).toBe(`${task.paths.manifest}: 2 lines Ground Truth cannot read: lines 2 and 3 (line 2: expected a JSON object, got an array); 1 line is good; run gtkit lint, which names each bad line and what is wrong with it, and fix or remove them in manifest.jsonl`);
    expect(about[1]).toMatch(/: starts with a UTF-8 byte-order mark \(BOM\)/);
    expect(lines).toContain(`warning: ${about[0]}`);
    expect(lines[lines.length - 1]).toBe('dry run: nothing was changed');
  });
});
