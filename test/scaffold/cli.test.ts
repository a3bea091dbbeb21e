import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fileSystemMessage } from '../../scaffold/cli.ts';
import { initTask } from '../../scaffold/init/init-task.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;

async function gtkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gtkit command', () => {
  it('lists every verb in --help', async () => {
    const { code, stdout } = await gtkit('--help');
    expect(code).toBe(0);
    for (const verb of ['init', 'preview', 'run', 'lint', 'build', 'deploy', 'job', 'consolidate']) {
      expect(stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    }
  });

  it('a file the system refuses is a one-line error that names it, not an internal error with a stack', async () => {
    // A readable job folder, and an output path in a folder that does not exist (ENOENT on write).
    const job = await mkdtemp(join(tmpdir(), 'gtkit-cli-'));
    const responses = join(job, 'annotations', 'worker-response', 'iteration-1', '0');
    await mkdir(responses, { recursive: true });
    await writeFile(join(responses, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: [{ workerId: 'w', answerContent: { crowdClassification: { label: 'a' } } }] }));
    const { code, stderr } = await gtkit('consolidate', job, '--type', 'image-classification', '-o', '/nonexistent-gtkit-dir/out.manifest');
    await rm(job, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toBe("error: /nonexistent-gtkit-dir/out.manifest: no such file or folder (open); check the path and its permissions\n");
    expect(fileSystemMessage(Object.assign(new Error("EISDIR: illegal operation on a directory, open '/tmp/x'"), { code: 'EISDIR', syscall: 'open', path: '/tmp/x' }))).toBe('/tmp/x: is a folder, not a file (open); check the path and its permissions');
    expect(fileSystemMessage(Object.assign(new Error("EACCES: permission denied, open '/tmp/y'"), { code: 'EACCES', syscall: 'open' }))).toBe('/tmp/y: permission denied (open); check the path and its permissions');
    expect(fileSystemMessage(new Error('something else'))).toBeUndefined();
    // mkdir onto a file (say .gtkit/build/pre is a file): what is wrong, not just "already exists".
    expect(fileSystemMessage(Object.assign(new Error("EEXIST: file already exists, mkdir '/t/.gtkit/build/pre'"), { code: 'EEXIST', syscall: 'mkdir', path: '/t/.gtkit/build/pre' }))).toBe('/t/.gtkit/build/pre: is a file where a folder is needed (mkdir); check the path and its permissions');
  });

  it('run --json answers on failure too: ok false, the error and the problems, with exit code 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-run-'));
    try {
      await initTask({ dir: join(dir, 'task'), type: 'text-classification' });
      await writeFile(join(dir, 'task', 'manifest.jsonl'), '{"source":"fine"}\nnot json\n');
      const { code, stdout, stderr } = await gtkit('run', join(dir, 'task'), '--source', '--simulate', '2', '--on-bad-line', 'fail', '--json');
      expect(code).toBe(1);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^1 bad manifest line\(s\); fix them or run with --on-bad-line skip/) });
      expect(result.problems).toEqual([{ stage: 'manifest', where: join(dir, 'task', 'manifest.jsonl:2'), message: expect.stringMatching(/^not valid JSON/) }]);
      expect(stderr).toMatch(/^error: 1 bad manifest line/m);
      const usage = await gtkit('run', join(dir, 'task'), '--seed', 'x', '--json');
      expect(usage.code).toBe(2);
      expect(JSON.parse(usage.stdout)).toEqual({ ok: false, error: '--seed must be a whole number, got "x"', problems: [] });
      const fine = await gtkit('run', join(dir, 'task'), '--source', '--simulate', '2', '--json');
      expect(JSON.parse(fine.stdout)).toMatchObject({ ok: true, summary: { counts: { badManifestLines: 1, labeled: 1 } } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  // The SDK prints its notice only on Node < 22; elsewhere there is nothing to keep out.
  it.skipIf(Number(process.versions.node.split('.')[0]) >= 22)("keeps the AWS SDK's multi-line Node-version notice out of a command's output", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-sdk-'));
    try {
      await initTask({ dir: join(dir, 'task'), type: 'text-classification' });
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined };
      for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
      // --create builds a SageMaker client (which is when the SDK speaks), then fails for want of credentials.
      const create = (extra: Record<string, string> = {}) =>
        run(process.execPath, [bin, 'job', join(dir, 'task'), '--create'], { env: { ...env, ...extra } as NodeJS.ProcessEnv }).then(
          (r) => r.stderr,
          (e: { stderr: string }) => e.stderr,
        );
      const result = await create();
      expect(result).toMatch(/^error: creating the labeling job: no AWS credentials found/m);
      expect(result).not.toContain('NodeVersionSupportWarning');
      // The user's own setting wins: false brings the notice back (so the check above can fail).
      expect(await create({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' })).toContain('NodeVersionSupportWarning');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints the package version', async () => {
    const { code, stdout } = await gtkit('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with exit code 2 and a suggestion', async () => {
    const { code, stderr } = await gtkit('jobb');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'jobb'");
    expect(stderr).toContain('Did you mean job?');
  });

  it('init without a terminal needs --type, and says so instead of hanging', async () => {
    const { code, stderr } = await gtkit('init', '/tmp/gtkit-never-created');
    expect(code).toBe(2);
    expect(stderr).toContain('--type is required without a terminal');
  });

  it('init refuses a bad flag value with exit code 2 and the valid choices', async () => {
    const bad = await gtkit('init', '/tmp/gtkit-never-created', '--type', 'boxes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--type "boxes" is not a task type; use one of image-classification');
    const workers = await gtkit('init', '/tmp/gtkit-never-created', '--type', 'keypoint', '--workers', '12');
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('--workers must be 1–9, got 12');
  });

  it('run, lint and job name a folder that is not a task', async () => {
    for (const verb of ['run', 'lint', 'job']) {
      const { code, stderr } = await gtkit(verb, '/nonexistent-task');
      expect(code).toBe(2);
      expect(stderr).toContain('/nonexistent-task: no such file or folder');
    }
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const { code, stderr } = await gtkit('init', '--bogus');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });
});
