import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errorLine, fileSystemMessage } from '../../scaffold/cli/output.ts';
import { initTask } from '../../scaffold/init/init-task.ts';
import { escapeRegExp } from '../../templates/engine/reg-exp.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;

async function gtkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return gtkitWith({ ...process.env, NO_COLOR: '1' }, ...args);
}

async function gtkitWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env });
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
    // A readable job folder, and an output path in a folder the system cannot make.
    const job = await mkdtemp(join(tmpdir(), 'gtkit-cli-'));
    const responses = join(job, 'annotations', 'worker-response', 'iteration-1', '0');
    await mkdir(responses, { recursive: true });
    await writeFile(join(responses, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: [{ workerId: 'w', answerContent: { crowdClassification: { label: 'a' } } }] }));
    // A folder the system refuses to make (under /proc), where the missing -o folder would go: a usage error, said before any answer is read.
    const { code, stderr } = await gtkit('consolidate', job, '--type', 'image-classification', '-o', '/proc/gtkit-nonexistent/out.manifest');
    await rm(job, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stderr).toBe('error: -o /proc/gtkit-nonexistent/out.manifest: cannot make the folder /proc/gtkit-nonexistent: the file system there takes no new folders (as /proc and /sys do not); give -o a path in a folder you can write, such as one under your task or home folder\n');
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
      // A role, team and bucket of "your" account: the example one is refused before a submit.
      await initTask({ dir: join(dir, 'task'), type: 'text-classification', roleArn: 'arn:aws:iam::210987654321:role/GT', workteamArn: 'arn:aws:sagemaker:us-east-1:210987654321:workteam/private-crowd/t', bucket: 'my-gt-bucket' });
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

  it('run fails (exit 1, ok false) when no object was labelled because things went wrong, and still writes the output manifest; --strict fails on any problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-nothing-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      const pre = join(task, 'pre.ts');
      const original = await readFile(pre, 'utf8');
      await writeFile(pre, original.replace('taskInput: textClassificationTaskInputOf(line, labels),', "taskInput: (() => { throw new Error('nope'); })(),"));
      const failed = await gtkit('run', task, '--source', '--json');
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: 'no object was labelled: 6 PRE failures', summary: { counts: { preFailed: 6, labeled: 0 } } });
      expect(failed.stderr).toMatch(/^error: no object was labelled: 6 PRE failures$/m);
      expect((await readFile(join(task, '.gtkit', 'run', 'output.manifest'), 'utf8')).trim().split('\n')).toHaveLength(6);
      await writeFile(pre, original);
      const strict = await gtkit('run', task, '--source', '--simulate', '2', '--truth-field', 'truht', '--strict', '--json');
      expect(strict.code).toBe(1);
      expect(JSON.parse(strict.stdout)).toMatchObject({ ok: false, error: '--strict: 1 problem (answers: 1)', summary: { counts: { labeled: 6 } } });
      const lenient = await gtkit('run', task, '--source', '--simulate', '2', '--truth-field', 'truht', '--json');
      expect(lenient.code).toBe(0);
      expect(JSON.parse(lenient.stdout)).toMatchObject({ ok: true, problems: [{ stage: 'answers', message: '6 lines have no usable "truht" field (lines 1, 2, 3, 4, 5, 6 without it); their simulated answers are random; check --truth-field' }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a PRE stuck in a synchronous loop (its own timeout can never fire) ends gtkit with a message naming the line, instead of hanging', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-looping-pre-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      await writeFile(join(task, 'pre.ts'), 'export const handler = async () => {\n  for (;;) {}\n};\n');
      const config = join(task, 'gtkit.config.ts');
      await writeFile(config, (await readFile(config, 'utf8')).replace(/timeoutSeconds: 30\b/, 'timeoutSeconds: 1'));
      const started = Date.now();
      const ran = await run(process.execPath, [bin, 'run', task, '--source'], { env: { ...process.env, NO_COLOR: '1' } }).then(
        () => ({ signal: null as string | null, stderr: '' }),
        (e: { signal: string | null; stderr: string }) => e,
      );
      // 1 s timeout + 3 s grace, then the watchdog; well before vitest's own limit.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(ran.signal).toBe('SIGKILL');
      expect(ran.stderr).toContain(`error: the PRE did not return within 1 s (lambdas.pre.timeoutSeconds) on ${join(task, 'manifest.jsonl')}:1 and does not give gtkit's thread back (a synchronous endless loop?), so gtkit stops here; Lambda would time out\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a PRE that logs, never returns or calls process.exit: each is that line's failure, and --json stays one document on stdout", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-hostile-pre-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      const pre = join(task, 'pre.ts');
      const hostile = `export const handler = async (event: { dataObject: { source: string } }) => {
  console.log('debug', event.dataObject.source);
  console.info('info');
  process.stdout.write('raw\\n');
  if (event.dataObject.source.startsWith('Where')) await new Promise(() => {});
  if (event.dataObject.source.startsWith('Can I')) process.exit(0);
  return { taskInput: { taskObject: event.dataObject.source, labels: ['refund', 'delivery', 'other'] }, isHumanAnnotationRequired: true };
};
`;
      await writeFile(pre, hostile);
      const ran = await gtkit('run', task, '--source', '--simulate', '2', '--json');
      expect(ran.code).toBe(0);
      const result = JSON.parse(ran.stdout);
      expect(result.problems.filter((p: { stage: string }) => p.stage === 'pre')).toEqual([
        { stage: 'pre', where: join(task, 'manifest.jsonl:2'), message: `the PRE never returned on ${join(task, 'manifest.jsonl')}:2: it waits on a promise that nothing settles; Lambda would time out after 30 s (lambdas.pre.timeoutSeconds)` },
        // Named where pre.ts called it, with the code there, as a throw is.
        { stage: 'pre', where: join(task, 'manifest.jsonl:3'), message: expect.stringMatching(new RegExp(`^${escapeRegExp(`${pre}:6:60: the PRE called process.exit(0) on ${join(task, 'manifest.jsonl')}:3 (Lambda reports Runtime.ExitError)`)}\n[^]*\n> +6 \\| +if .*process\\.exit\\(0\\);\n`)) },
      ]);
      expect(result.summary.counts).toMatchObject({ preFailed: 2, labeled: 4 });
      expect(ran.stderr).toContain('debug Where is my order?');
      expect(ran.stderr).toContain('raw\n');
      const linted = await gtkit('lint', task, '--json');
      expect(linted.code).toBe(1);
      expect(JSON.parse(linted.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'task-inputs').map((f: { line: number }) => f.line)).toEqual([2, 3]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a PRE that keeps a timer running and never returns: that line fails after lambdas.pre.timeoutSeconds, and gtkit still ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-pre-timeout-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      const config = join(task, 'gtkit.config.ts');
      const text = await readFile(config, 'utf8');
      expect(text).toMatch(/timeoutSeconds: 30\b/);
      await writeFile(config, text.replace(/timeoutSeconds: 30\b/, 'timeoutSeconds: 1'));
      await writeFile(
        join(task, 'pre.ts'),
        `export const handler = async (event: { dataObject: { source: string } }) => {
  if (event.dataObject.source.startsWith('Where')) await new Promise(() => { setInterval(() => {}, 1000); });
  return { taskInput: { taskObject: event.dataObject.source, labels: ['refund', 'delivery', 'other'] }, isHumanAnnotationRequired: true };
};
`,
      );
      const ran = await gtkit('run', task, '--source', '--simulate', '2', '--json');
      expect(ran.code).toBe(0);
      expect(JSON.parse(ran.stdout).problems).toContainEqual({ stage: 'pre', where: join(task, 'manifest.jsonl:2'), message: `the PRE did not return within 1 s (lambdas.pre.timeoutSeconds) on ${join(task, 'manifest.jsonl')}:2; Lambda would time out` });
      expect(ran.stderr).toContain('note: a timed-out PRE or ACS left work running (a timer or socket); gtkit ends without waiting for it');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('with --json, every failure of run and lint still prints one JSON document on stdout', async () => {
    const lint = await gtkit('lint', '/nonexistent-task', '--json');
    expect(lint.code).toBe(2);
    // lint --json has its findings, errors and warnings either way, so a script's j.findings.length works here too.
    expect(JSON.parse(lint.stdout)).toEqual({ ok: false, error: '/nonexistent-task: no such file or folder', findings: [], errors: 0, warnings: 0 });
    const lintFlag = await gtkit('lint', '.', '--bogus', '--json');
    expect(lintFlag.code).toBe(2);
    expect(JSON.parse(lintFlag.stdout)).toEqual({ ok: false, error: "unknown option '--bogus'", findings: [], errors: 0, warnings: 0 });
    // run's failure document has its problems, as when the run stops.
    const flag = await gtkit('run', '--bogus', '--json');
    expect(flag.code).toBe(2);
    expect(JSON.parse(flag.stdout)).toEqual({ ok: false, error: "unknown option '--bogus'", problems: [] });
    // No command recognised: ok and error alone.
    const verb = await gtkit('lintt', '--json');
    expect(verb.code).toBe(2);
    expect(JSON.parse(verb.stdout)).toEqual({ ok: false, error: "unknown command 'lintt'\n(Did you mean lint?)" });
    expect(errorLine(new TypeError('x is undefined'))).toBe('internal error: x is undefined');
  });

  it('run --s3 without AWS credentials is a clear error, with --json too, and no stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-s3-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
      for (const key of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete env[key];
      const { code, stdout, stderr } = await gtkitWith(env, 'run', task, '--source', '--simulate', '2', '--s3', '--json');
      expect(code).toBe(1);
      const answer = JSON.parse(stdout) as { error: string };
      expect(answer).toEqual({
        ok: false,
        // The object it first tried to write is named; its key holds the run's time stamp.
        error: expect.stringMatching(/^writing the job files with --s3 \(s3:\/\/sagemaker-[^)]+\): no AWS credentials found\. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --s3-endpoint for an S3-protocol server, or leave the flag out to write to a local folder\.$/),
        problems: [],
      });
      expect(stderr).toBe(`error: ${answer.error}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('consolidate s3:// without AWS credentials, or with an S3 endpoint nobody listens on, says so in run --s3\'s words, not "give the folder"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-consolidate-s3-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
      for (const key of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete env[key];
      const out = join(dir, 'out.manifest');
      const noCredentials = await gtkitWith(env, 'consolidate', 's3://some-bucket/out/job', '--type', 'text-classification', '-o', out);
      expect(noCredentials.code).toBe(1);
      expect(noCredentials.stderr).toBe(
        "error: listing the worker responses under s3://some-bucket/out/job: no AWS credentials found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give a local copy of the job's folder instead (aws s3 sync where AWS works).\n",
      );
      // Port 9 (discard) on the loopback: nothing listens there.
      const down = await gtkitWith(env, 'consolidate', 's3://some-bucket/out/job', '--type', 'text-classification', '-o', out, '--s3-endpoint', 'http://127.0.0.1:9', '--json');
      expect(down.code).toBe(1);
      expect(JSON.parse(down.stdout)).toEqual({ ok: false, error: 'cannot reach the S3 endpoint http://127.0.0.1:9: nothing listens there (ECONNREFUSED); start the server or check the URL' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('init refuses a label given twice and a bad --job-name in the flag\'s own words, before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-init-flags-'));
    try {
      const twice = await gtkit('init', join(dir, 'a'), '--type', 'text-classification', '--labels', 'cat,dog,cat', '--json');
      expect(twice.code).toBe(2);
      expect(JSON.parse(twice.stdout)).toEqual({ ok: false, error: '--labels names "cat" twice; give each label once, e.g. --labels cat,dog' });
      expect(twice.stderr).not.toContain('internal error');
      // The prefix defaults to the job name; the refusal names the flag that was typed.
      const name = await gtkit('init', join(dir, 'b'), '--type', 'text-classification', '--job-name', 'my-job/');
      expect(name.code).toBe(2);
      expect(name.stderr).toBe('error: --job-name must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit (Ground Truth\'s LabelingJobName), got "my-job/"; nothing was written\n');
      expect(existsSync(join(dir, 'a')) || existsSync(join(dir, 'b'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('--json answers with ok on success (init) and with ok false and error when lint finds errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-cli-json-ok-'));
    try {
      const made = await gtkit('init', join(dir, 'task'), '--type', 'free-text', '--json');
      expect(made.code).toBe(0);
      expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, type: 'free-text' });
      const template = join(dir, 'bare.html');
      await writeFile(template, '<p>no form</p>\n');
      const linted = await gtkit('lint', template, '--json');
      expect(linted.code).toBe(1);
      const answer = JSON.parse(linted.stdout);
      expect(answer).toMatchObject({ ok: false, error: `1 lint error in ${template}`, errors: 1, warnings: 0 });
      expect(answer.findings[0].ruleId).toBe('no-crowd-form');
      const clean = await gtkit('lint', join(dir, 'task'), '--json');
      expect(clean.code).toBe(0);
      expect(JSON.parse(clean.stdout)).toEqual({ ok: true, findings: [], errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a reader that stops early (gtkit … | head)', () => {
  it('keeps the command\'s own exit code: lint with errors exits 1, not 0, when its output cannot be written', async () => {
    const { spawn } = await import('node:child_process');
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-epipe-'));
    try {
      const template = join(dir, 'bad.liquid.html');
      // An unclosed tag: one lint error, and enough findings text to need a write.
      await writeFile(template, '<crowd-form>{% if task.input.x %}</crowd-form>\n');
      const child = spawn(process.execPath, [bin, 'lint', template, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      // The reader is gone before gtkit writes anything: its write fails with EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      expect(stderr).not.toContain('EPIPE');
      expect(code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('task code whose top level never finishes (await on a promise nothing settles)', () => {
  it('is an error naming the file, with a --json document, not a silent exit 13', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-stalled-'));
    try {
      const task = join(dir, 'task');
      await initTask({ dir: task, type: 'text-classification' });
      const stall = 'await new Promise(() => {});\n';
      const config = await readFile(join(task, 'gtkit.config.ts'), 'utf8');
      await writeFile(join(task, 'gtkit.config.ts'), stall + config);
      const lint = await gtkit('lint', task);
      expect(lint.code).toBe(1);
      expect(lint.stdout).toContain('gtkit.config.ts:1:1 error task-config: could not load the task config: it never finished loading: its top-level code waits for something that never happens');
      await writeFile(join(task, 'gtkit.config.ts'), config);
      const pre = await readFile(join(task, 'pre.ts'), 'utf8');
      await writeFile(join(task, 'pre.ts'), stall + pre);
      const run = await gtkit('run', task, '--source', '--json');
      expect(run.code).toBe(1);
      const failure = JSON.parse(run.stdout) as { ok: boolean; error: string };
      expect(failure.ok).toBe(false);
      expect(failure.error).toBe(`${join(task, 'pre.ts')}: could not load: it never finished loading: its top-level code waits for something that never happens (an await on a promise nothing settles, or an event that never fires); make its top level finish`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
