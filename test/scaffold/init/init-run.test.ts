import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { Command } from 'commander';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { registerInitCommand } from '../../../scaffold/commands/init.ts';
import { shellWord } from '../../../scaffold/cli/paths.ts';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';

const exec = promisify(execFile);
const temp = useTempRoot('gtkit-init-');

/** The `type` of each task type's output metadata (the built-in format it follows). */
const expectedOutputType: Record<string, string> = {
  'image-classification': 'groundtruth/image-classification',
  'image-classification-multilabel': 'groundtruth/image-classification-multilabel',
  'text-classification': 'groundtruth/text-classification',
  'text-classification-multilabel': 'groundtruth/text-classification-multilabel',
  'bounding-box': 'groundtruth/object-detection',
  keypoint: 'groundtruth/custom',
  polygon: 'groundtruth/custom',
  'named-entity': 'groundtruth/text-span',
  'free-text': 'groundtruth/custom',
  // Its built-in type string is unverified, so the ACS writes none and the dry run's default shows.
  'video-classification': 'groundtruth/custom',
  'semantic-segmentation': 'groundtruth/semantic-segmentation',
};

describe.each(taskTypeNames)('gtkit init --type %s, then lint, run, the task test and replay', (type) => {
  let dir: string;
  beforeAll(async () => {
    dir = join(temp.path, type);
    await initTask({ dir, type });
  });

  it('lints clean with the PRE cross-check', async () => {
    const { findings } = await lintTarget(dir);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('dry-runs from the sample answers and writes the built-in output format', async () => {
    const { run } = await runTask(dir, { now: '2026-11-23T00:00:00Z' });
    expect(run.problems).toEqual([]);
    expect(run.summary.counts.labeled).toBe(run.summary.counts.manifestLines);
    for (const line of outputLinesOf(run)) {
      const metaKey = Object.keys(line).find((k) => k.endsWith('-metadata')) as string;
      const meta = line[metaKey] as Record<string, unknown>;
      expect(meta.type).toBe(expectedOutputType[type]);
      expect(meta['human-annotated']).toBe('yes');
      expect(meta['creation-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      expect(line[metaKey.replace(/-metadata$/, '')]).toBeDefined();
    }
  });

  it('simulates workers with a spammer and still labels every object', async () => {
    const { run } = await runTask(dir, { simulate: '5', spammers: '0.2', seed: '3', batchSize: '2', now: '2026-11-23T00:00:00Z' });
    expect(run.summary.counts.answers).toBe(run.summary.counts.sentToWorkers * 5);
    expect(run.summary.counts.consolidationFailed).toBe(0);
  });

  it('replays its own worker-response files to the same labels', async () => {
    const { run } = await runTask(dir, { now: '2026-11-23T00:00:00Z' });
    const jobFolder = join(dir, '.gtkit', 'run', 's3', run.jobRootUri.slice('s3://'.length));
    const out = join(dir, '.gtkit', 'replay.manifest');
    const summary = await consolidateCommand(jobFolder, { task: dir, manifest: join(dir, 'manifest.jsonl'), out });
    expect(summary.failed).toBe(0);
    const replayed = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    // A run's mask label is its S3 URI under gtkit-masks/, a replay's the path of its local copy: their file names are compared, and the PNGs byte for byte.
    const maskName = (v: unknown) => (typeof v === 'string' && v.endsWith('.png') && (v.includes('/gtkit-masks/') || v.startsWith(dir)) ? v.slice(v.lastIndexOf('/') + 1) : v);
    const strip = (l: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(l).map(([k, v]) => [k, k.endsWith('-metadata') ? { ...(v as object), 'creation-date': '' } : maskName(v)])));
    expect(replayed.map(strip)).toEqual(outputLinesOf(run).map(strip));
    // A segmentation replay keeps its masks beside its output (default <out>-masks), one per object.
    expect(summary.masks?.files).toBe(type === 'semantic-segmentation' ? outputLinesOf(run).length : undefined);
    if (summary.masks) {
      for (const line of outputLinesOf(run)) {
        const uri = Object.values(line).find((v) => typeof v === 'string' && v.includes('/gtkit-masks/')) as string;
        const runCopy = await readFile(join(dir, '.gtkit', 'run', 's3', uri.slice('s3://'.length)));
        expect(await readFile(join(dir, '.gtkit', 'replay-masks', maskName(uri) as string))).toEqual(runCopy);
      }
    }
  });

  it('passes its own test', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'gtkit/register', '--test', 'task.test.ts'], { cwd: dir });
    expect(stdout).toMatch(/# pass 2/);
  }, 60_000);
});

describe('gtkit consolidate --task', () => {
  it("bounds the task's ACS by its own lambdas.acs.timeoutSeconds, as the dry run does", async () => {
    const dir = join(temp.path, 'acs-timeout');
    await initTask({ dir, type: 'text-classification' });
    const { run } = await runTask(dir, { simulate: '2', now: '2026-11-23T00:00:00Z' });
    const jobFolder = join(dir, '.gtkit', 'run', 's3', run.jobRootUri.slice('s3://'.length));
    const config = join(dir, 'gtkit.config.ts');
    await writeFile(config, (await readFile(config, 'utf8')).replace('timeoutSeconds: 300', 'timeoutSeconds: 1'));
    await writeFile(join(dir, 'acs.ts'), 'export const handler = () => new Promise(() => setInterval(() => undefined, 1000));\n');
    const started = Date.now();
    const out = join(dir, '.gtkit', 'replay.manifest');
    const summary = await consolidateCommand(jobFolder, { task: dir, out }).catch((error: Error) => error);
    // Without the task's setting it waited for the 300 s default.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(String(summary instanceof Error ? summary.message : JSON.stringify(summary))).toMatch(/within 1 s \(lambdas\.acs\.timeoutSeconds\)/);
  }, 30_000);
});

describe('every scaffolded task type-checks as its editor sees it', () => {
  it('tsc finds no error in the config, PRE, ACS and test of any task type', async () => {
    const root = join(temp.path, 'typecheck');
    for (const type of taskTypeNames) await initTask({ dir: join(root, type), type });
    // One program over all the task folders, with each folder's own compiler options; @types/node from this repository.
    const own = JSON.parse(await readFile(join(root, taskTypeNames[0] as string, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    await writeFile(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...own.compilerOptions, typeRoots: [join(process.cwd(), 'node_modules', '@types')] }, include: ['*/*.ts'] }));
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    // The exit code too: tsc that crashes or is killed prints nothing on stdout either.
    const result = await exec(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')]).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (error: { code?: unknown; stdout?: string; stderr?: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  }, 120_000);
});

describe('a task folder outside this checkout', () => {
  it('type-checks with its own tsconfig, as an editor opening the folder does, and can install what tsc needs', async () => {
    // temp.path is under the OS temp folder: nothing above it has node_modules/@types/node.
    const dir = join(temp.path, 'outside');
    await initTask({ dir, type: 'text-classification' });
    // Every public entry point, as a task that grows may import them (gtkit ships its .ts sources, so the task's lib must cover them).
    const entries = ['gtkit', ...['lambdas', 'testing', 's3', 'consolidation', 'templates', 'scaffold', 'build', 'config', 'task-types'].map((e) => `gtkit/${e}`)];
    await writeFile(join(dir, 'every-entry.ts'), `${entries.map((e, i) => `import * as e${i} from '${e}';`).join('\n')}\nexport const entries = [${entries.map((_, i) => `e${i}`).join(', ')}];\n`);
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await exec(process.execPath, [tsc, '-p', dir]).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (error: { code?: unknown; stdout?: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toEqual({ code: 0, stdout: '' });
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['@types/node', 'gtkit', 'typescript']);
    expect(pkg.scripts.typecheck).toBe('tsc -p .');
    // The npm scripts' commands are there before npm install, as npm would link them.
    const version = await exec(join(dir, 'node_modules', '.bin', 'gtkit'), ['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await exec(join(dir, 'node_modules', '.bin', 'tsc'), ['--version'])).stdout).toMatch(/^Version \d/);
  }, 60_000);
});

describe('gtkit init safety', () => {
  it('never overwrites an existing file without --force, and says which', async () => {
    const dir = join(temp.path, 'existing');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'pre.ts'), '// mine\n');
    await expect(initTask({ dir, type: 'text-classification' })).rejects.toThrow(/already has .*pre\.ts.*nothing was written\. Use --force/);
    expect(await readFile(join(dir, 'pre.ts'), 'utf8')).toBe('// mine\n');
    await initTask({ dir, type: 'text-classification', force: true });
    expect(await readFile(join(dir, 'pre.ts'), 'utf8')).toContain('preHandler');
  });

  it('a folder the file system refuses is a clear error before anything is written; an empty name is a usage error', async () => {
    await writeFile(join(temp.path, 'a-file'), 'x');
    await expect(initTask({ dir: join(temp.path, 'a-file', 'task'), type: 'keypoint' })).rejects.toThrow(/cannot create the folder .*a-file\/task: a file is there, where a folder is needed \(at .*a-file\); nothing was written/);
    await expect(initTask({ dir: join(temp.path, 'x'.repeat(300)), type: 'keypoint' })).rejects.toThrow(/the name is too long for the file system.*; nothing was written/);
    // Node's recursive mkdir never returns under /proc (a core spins in the kernel): refused at once.
    if (process.platform === 'linux') await expect(initTask({ dir: '/proc/gtkit-no/task', type: 'keypoint' })).rejects.toThrow(/cannot create the folder \/proc\/gtkit-no\/task: the file system there takes no new folders .*\(at \/proc\/gtkit-no\); nothing was written/);
    const program = new Command().exitOverride();
    registerInitCommand(program, { out: () => undefined, err: () => undefined });
    await expect(program.parseAsync(['init', '  ', '--type', 'keypoint', '--yes'], { from: 'user' })).rejects.toThrow(UsageError);
  });

  it('choices that would make a task gtkit job or lint rejects are refused before anything is written', async () => {
    const dir = join(temp.path, 'refused');
    const eleven = Array.from({ length: 11 }, (_, i) => `l${i}`);
    await expect(initTask({ dir, type: 'bounding-box', labels: eleven })).rejects.toThrow(/nothing was written:\n  template\.liquid\.html: too-many-labels: <crowd-bounding-box> gets 11 labels/);
    await expect(initTask({ dir, type: 'text-classification', labels: ['a', 'a', 'b'] })).rejects.toThrow(new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --labels (labels[1]): duplicate label "a" (make labels unique)'));
    // Every label alike left the sample answers nothing to pick from: an internal error with a stack, before.
    await expect(initTask({ dir, type: 'text-classification', labels: ['a', 'a'] })).rejects.toThrow(new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --labels (labels[1]): duplicate label "a" (make labels unique)'));
    await expect(initTask({ dir, type: 'text-classification', roleArn: 'garbage', timeLimitSeconds: 5 })).rejects.toThrow(
      // Said of the flags: nothing was written, so there is no gtkit.config.ts to edit.
      /--role-arn \(RoleArn\): is too short.* \(give --role-arn the Ground Truth execution role\)\n  --time-limit \(HumanTaskConfig\.TaskTimeLimitInSeconds\): 5 is outside 30–28800 \(give --time-limit 30–28800\)$/,
    );
    // Every field the fix names, not only its first: the Region clause too. And the public crowd's team is --workforce's.
    await expect(initTask({ dir, type: 'text-classification', region: 'us-east-1', workteamArn: 'arn:aws:sagemaker:eu-west-1:111122223333:workteam/private-crowd/x' })).rejects.toThrow(/\(give --workteam-arn a work team of us-east-1 .*, or give --region eu-west-1\)$/);
    await expect(initTask({ dir, type: 'text-classification', region: 'cn-north-1', workforce: 'public', priceUsd: 0.036 })).rejects.toThrow(/\n  --workforce \(HumanTaskConfig\.WorkteamArn\): is the public crowd/);
    expect(existsSync(dir)).toBe(false);
  });

  it('a long job name still gives two distinct function names within Lambda\'s 64 characters', async () => {
    const dir = join(temp.path, 'long-name');
    const jobName = `a-${'very-'.repeat(9)}long-job`; // 55 characters: over the 50 that fit whole
    await initTask({ dir, type: 'text-classification', jobName });
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    const names = [...config.matchAll(/functionName: "([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^SageMaker-a-very-.*-[0-9a-f]{8}-pre$/);
    expect(names[1]).toBe(names[0]?.replace(/-pre$/, '-acs'));
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
    // Two long names that differ only past the cut keep functions of their own (a hash of the whole name).
    const other = join(temp.path, 'long-name-2');
    await initTask({ dir: other, type: 'text-classification', jobName: `${jobName}-2` });
    const otherNames = [...(await readFile(join(other, 'gtkit.config.ts'), 'utf8')).matchAll(/functionName: "([^"]+)"/g)].map((m) => m[1]);
    expect(otherNames[0]).not.toBe(names[0]);
  });

  it('the next-steps hint quotes a folder name the shell would split', () => {
    expect(shellWord('my-task')).toBe('my-task');
    expect(shellWord('../tasks/a.b')).toBe('../tasks/a.b');
    expect(shellWord('my task')).toBe("'my task'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    // A leading "-" would be read as an option by cd.
    expect(shellWord('-leading')).toBe('./-leading');
    expect(shellWord('-a b')).toBe("'./-a b'");
  });

  it('links gtkit into a folder outside the repository', () => {
    expect(existsSync(join(temp.path, 'text-classification', 'node_modules', 'gtkit'))).toBe(true);
  });
});
