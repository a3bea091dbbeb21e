import { existsSync, watch } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CliError, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { Command } from 'commander';
import { registerRunCommand } from '../../../scaffold/commands/run.ts';
import { localRefused, runTask, s3Refused } from '../../../scaffold/commands/run-task.ts';
import { ObjectWriteError } from '../../../lambdas/contracts/errors.ts';
import type { DryRunProblem } from '../../../scaffold/run/dry-run.ts';
import { runFailure } from '../../../scaffold/run/run-verdict.ts';
import { problemText } from '../../../scaffold/run/format-summary.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-run-command-');

describe('gtkit run on a broken task', () => {
  it('a template syntax error fails the run as a lint finding with file:line:col, not as a crash', async () => {
    const dir = join(temp.path, 'broken-template');
    await initTask({ dir, type: 'text-classification' });
    await appendFile(join(dir, 'template.liquid.html'), '\n{% if task.input.x %}\n');
    const run = runTask(dir, { source: true });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(/lint error.*\n.*template\.liquid\.html:\d+:1: liquid-syntax: tag \{% if task\.input\.x %\} not closed/);
  }, 60_000);

  it('a template that no longer submits the field the ACS reads fails the run before any answer is consolidated', async () => {
    const dir = join(temp.path, 'renamed-field');
    await initTask({ dir, type: 'text-classification' });
    const file = join(dir, 'template.liquid.html');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name="category"', 'name="intent"'));
    await expect(runTask(dir, { source: true, simulate: '3' })).rejects.toThrow(/answer-field: no field is named "category"/);
  }, 60_000);

  it('an ACS that throws at import, or exports no handler, is the task’s error with its file, not an internal error', async () => {
    const dir = join(temp.path, 'bad-acs');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'acs.ts'), "throw new Error('boom at import');\nexport const handler = async () => [];\n");
    const run = runTask(dir, { simulate: '2' });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(`${join(dir, 'acs.ts')}: the ACS Lambda fails to load, as it would at cold start: boom at import`);
    await writeFile(join(dir, 'acs.ts'), 'export const notHandler = 1;\n');
    // No handler export is found when bundling, before anything runs.
    await expect(runTask(dir, { simulate: '2' })).rejects.toThrow(/acs\.ts:1:1: exports no "handler" \(it exports "notHandler"\); Lambda calls index\.handler and would fail with Runtime\.HandlerNotFound/);
  }, 60_000);

  it('an --s3-endpoint that is not a URL is a usage error; one nobody listens on is a clear error, not a stack', async () => {
    const dir = join(temp.path, 'endpoint');
    await initTask({ dir, type: 'text-classification' });
    await expect(runTask(dir, { source: true, simulate: '2', s3Endpoint: 'localhost:4568' })).rejects.toThrow(new UsageError('--s3-endpoint must be an http(s) URL such as http://127.0.0.1:4568, got "localhost:4568"'));
    // A port that was free a moment ago: bind to 127.0.0.1:0, note the port, close.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const run = runTask(dir, { source: true, simulate: '2', s3Endpoint: `http://127.0.0.1:${port}` });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(`cannot reach the S3 endpoint http://127.0.0.1:${port}: nothing listens there (ECONNREFUSED); start the server or check the URL`);
  }, 60_000);

  it('a line whose source-ref is empty or not on S3 is a bad line of its own; the run goes on with the others', async () => {
    const dir = join(temp.path, 'empty-source-ref');
    await initTask({ dir, type: 'image-classification' });
    const manifest = join(dir, 'manifest.jsonl');
    await appendFile(manifest, '{"source-ref":""}\n{"source-ref":"https://example.com/a.png"}\n');
    const { run } = await runTask(dir, { source: true, simulate: '2' });
    expect(run.summary.counts).toMatchObject({ manifestLines: 8, badManifestLines: 2, labeled: 6 });
    expect(run.problems.filter((p) => p.stage === 'manifest').map((p) => [p.where.replace(`${dir}/`, ''), p.message])).toEqual([
      ['manifest.jsonl:7', '"source-ref" must be the s3:// URI of a file (s3://bucket/key), got ""'],
      ['manifest.jsonl:8', '"source-ref" must be the s3:// URI of a file (s3://bucket/key), got "https://example.com/a.png"'],
    ]);
  }, 60_000);

  it('the output manifest is put in place whole (written beside it, then renamed), never written in place where a Ctrl-C would cut it', async () => {
    const dir = join(temp.path, 'whole-manifest');
    await initTask({ dir, type: 'image-classification', jobName: 'whole' });
    const out = join(temp.path, 'whole-out');
    await mkdir(out);
    const seen = new Set<string>();
    const watcher = watch(out, (_, name) => name && seen.add(name));
    try {
      await runTask(dir, { source: true, simulate: '2', out });
    } finally {
      watcher.close();
    }
    expect([...seen].filter((name) => /^\.gtkit-.*\.tmp$/.test(name))).toHaveLength(1);
    expect((await readdir(out)).sort()).toEqual(['output.manifest', 's3']);
  }, 60_000);

  it('a job-file write the folder refuses (read-only --out, a full disk) names the folder and --out, not an internal error', () => {
    const refused = Object.assign(new Error("EACCES: permission denied, mkdir '/data/out/s3'"), { code: 'EACCES', syscall: 'mkdir', path: '/data/out/s3' });
    const wrapped = new ObjectWriteError('could not write s3://b/k.json: EACCES …', 's3://b/k.json', { cause: refused });
    expect(localRefused(wrapped, '/data/out/s3', '/data/out')).toBe('cannot write the job files in /data/out/s3: permission denied; give --out a folder gtkit may write (now /data/out)');
    expect(localRefused(new TypeError('a bug'), '/data/out/s3', undefined)).toBeUndefined();
    // A file the run reads is not the job folder's fault.
    expect(localRefused(refused, '/data/out/s3', '/data/out')).toBeUndefined();
  });

  it('each local run starts afresh: no worker response or carried state of an earlier run is left in the job folder', async () => {
    const dir = join(temp.path, 'fresh-runs');
    await initTask({ dir, type: 'image-classification', jobName: 'fresh' });
    await runTask(dir, { source: true, simulate: '2', now: '2026-11-23T10:00:00Z' });
    const { run } = await runTask(dir, { source: true, simulate: '3', now: '2026-11-24T10:00:00Z' });
    const responses = join(dir, '.gtkit', 'run', 's3', run.jobRootUri.slice('s3://'.length), 'annotations', 'worker-response', 'iteration-1', '0');
    expect(await readdir(responses)).toEqual(['2026-11-24_10:00:00.json']);
    const requests = join(dir, '.gtkit', 'run', 's3', run.jobRootUri.slice('s3://'.length), 'annotations', 'consolidated-annotation', 'consolidation-request', 'iteration-1');
    expect(await readdir(requests)).toEqual(['2026-11-24_10:00:00.json']);
    expect(run.problems).toEqual([]);
  }, 60_000);

  it('an s3.prefix that climbs out of the folder is refused (by the config check) before anything is deleted', async () => {
    const dir = join(temp.path, 'climbing', 'task');
    await initTask({ dir, type: 'text-classification', jobName: 'climb' });
    // A folder the climbing prefix would reach: <task>/.gtkit/run/s3/<bucket>/../../../../../victim/output/climb.
    const victim = join(temp.path, 'climbing', 'victim', 'output', 'climb');
    await mkdir(victim, { recursive: true });
    await writeFile(join(victim, 'keep.txt'), 'mine');
    const config = join(dir, 'gtkit.config.ts');
    await writeFile(config, (await readFile(config, 'utf8')).replace(/prefix: "[^"]*"/, 'prefix: "../../../../../victim"'));
    await expect(runTask(dir, { source: true, simulate: '2' })).rejects.toThrow('s3.prefix: expected key segments separated by single "/", without "." or ".." (e.g. "ticket-intent" or "jobs/ticket-intent"), got "../../../../../victim"');
    expect(await readFile(join(victim, 'keep.txt'), 'utf8')).toBe('mine');
  }, 60_000);

  it('lines that already hold the label attribute are one problem at labelAttributeName; another job\'s labels fail the run', async () => {
    const dir = join(temp.path, 'attribute-clash');
    await initTask({ dir, type: 'image-classification' });
    const manifest = join(dir, 'manifest.jsonl');
    const original = (await readFile(manifest, 'utf8')).trim().split('\n');
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    const attr = /labelAttributeName: "([^"]+)"/.exec(config)?.[1] as string;
    const at = `gtkit.config.ts:${config.slice(0, config.indexOf('labelAttributeName:')).split('\n').length}:3`;
    const withMetadata = (jobName?: string) => original.map((l) => JSON.stringify({ ...JSON.parse(l), [attr]: 0, [`${attr}-metadata`]: { 'class-name': 'red', ...(jobName ? { 'job-name': jobName } : {}) } }));
    // Stale keys: a warning, the run passes.
    await writeFile(manifest, `${withMetadata().join('\n')}\n`);
    const stale = await runTask(dir, { source: true, simulate: '2' });
    expect(stale.run.problems.map((p) => [p.severity, p.where.replace(`${dir}/`, ''), p.message])).toEqual([['warning', at, `${original.length} lines of ${join(dir, 'manifest.jsonl')} (lines ${original.map((_, i) => i + 1).join(', ')}) already hold "${attr}" and "${attr}-metadata", which this job's output replaces`]]);
    expect(stale.run.problems[0]?.fix).toMatch(/^set another labelAttributeName in .* to keep those labels, or remove those keys from the lines if they are stale$/);
    expect(stale.run.summary.counts.labeled).toBe(original.length);
    expect(runFailure(stale.run)).toBeUndefined();
    // Another job's labels: an error, the output still written, the run failed.
    await writeFile(manifest, `${withMetadata('photos-first-pass').join('\n')}\n`);
    const other = await runTask(dir, { source: true, simulate: '2' });
    expect(other.run.problems).toHaveLength(1);
    expect(other.run.problems[0]).toMatchObject({ severity: 'error', stage: 'manifest', where: join(dir, at) });
    expect(other.run.problems[0]?.message).toMatch(new RegExp(`^"${attr}" is the label attribute of the earlier job photos-first-pass in ${original.length} lines of .*, and this job's output would replace those labels$`));
    expect(other.run.problems[0]?.fix).toMatch(/^set another labelAttributeName in /);
    expect(other.run.summary.counts.labeled).toBe(original.length);
    expect(runFailure(other.run)).toMatch(new RegExp(`^an error a labeling job must not have \\(listed among the problems\\): "${attr}" is the label attribute of the earlier job photos-first-pass in `));
  }, 60_000);

  it('refuses flag values that would silently mean something else', async () => {
    const dir = join(temp.path, 'flags');
    await initTask({ dir, type: 'text-classification' });
    await expect(runTask(dir, { s3: true, s3Endpoint: 'http://127.0.0.1:1' })).rejects.toThrow(new UsageError('--s3 (real S3) and --s3-endpoint (an S3-protocol server) exclude each other; give one'));
    await expect(runTask(dir, { simulate: '2', seed: '' })).rejects.toThrow(new UsageError('--seed must be a whole number, got ""'));
    await expect(runTask(dir, { simulate: '2', seed: '1.5' })).rejects.toThrow(new UsageError('--seed must be a whole number, got "1.5"'));
    await expect(runTask(dir, { simulate: '2', spammers: '' })).rejects.toThrow(new UsageError('--spammers must be a share from 0 to 1, got ""'));
    await expect(runTask(dir, { now: '1' })).rejects.toThrow(new UsageError('--now must be an ISO date such as 2026-11-23T10:00:00Z, got "1"'));
    await expect(runTask(dir, { now: '' })).rejects.toThrow(new UsageError('--now must be an ISO date such as 2026-11-23T10:00:00Z, got ""'));
    await expect(runTask(dir, { now: '2026-13-45' })).rejects.toThrow(UsageError);
  }, 60_000);

  it('--seed, --spammers and --truth-field without --simulate are a usage error naming the flag, not silently ignored', async () => {
    const dir = join(temp.path, 'simulate-only');
    await initTask({ dir, type: 'text-classification' });
    await expect(runTask(dir, { spammers: '0.5' })).rejects.toThrow(new UsageError('--spammers goes with --simulate <workers>; without it the answers come from the answers file and no worker is simulated (e.g. gtkit run --simulate 3 --spammers …)'));
    await expect(runTask(dir, { seed: '2', truthField: 'label' })).rejects.toThrow(new UsageError('--seed and --truth-field go with --simulate <workers>; without it the answers come from the answers file and no worker is simulated (e.g. gtkit run --simulate 3 --seed …)'));
    // The command line too: commander gives no default that would pass for a given flag.
    const program = new Command().exitOverride();
    registerRunCommand(program, { out: () => undefined, err: () => undefined });
    await expect(program.parseAsync(['run', dir, '--seed', '7'], { from: 'user' })).rejects.toThrow(/^--seed goes with --simulate <workers>/);
  }, 60_000);

  it('a "source" that is empty or blank is a warning naming its line; the line is still run, as Ground Truth would run it', async () => {
    const dir = join(temp.path, 'empty-source');
    await initTask({ dir, type: 'text-classification' });
    await appendFile(join(dir, 'manifest.jsonl'), '{"source":""}\n{"source":" \\t\\n "}\n{"source":"","source-ref":"s3://b/k.txt"}\n');
    const { run } = await runTask(dir, { source: true, simulate: '2' });
    expect(run.summary.counts).toMatchObject({ manifestLines: 9, badManifestLines: 0, sentToWorkers: 9 });
    expect(run.problems.filter((p) => p.stage === 'manifest' && p.message.startsWith('"source"')).map((p) => [p.where.replace(`${dir}/`, ''), p.severity, problemText(p)])).toEqual([
      ['manifest.jsonl:7', 'warning', '"source" is empty, so workers would be shown nothing to label; put the text to label in "source", or remove the line'],
      ['manifest.jsonl:8', 'warning', '"source" holds only blank space, so workers would be shown nothing to label; put the text to label in "source", or remove the line'],
    ]);
  }, 60_000);
});

describe('gtkit run: what a failed or empty run leaves, and what it says', () => {
  it('a run that stops removes the output.manifest of the run before it, so a stale one never passes for its result', async () => {
    const dir = join(temp.path, 'stale-manifest');
    await initTask({ dir, type: 'text-classification' });
    const manifest = join(dir, '.gtkit', 'run', 'output.manifest');
    await runTask(dir, { source: true, simulate: '2' });
    expect((await readFile(manifest, 'utf8')).trim().split('\n')).toHaveLength(6);
    await writeFile(join(dir, 'acs.ts'), "export const handler = async () => { throw new Error('acs broke'); };\n");
    const run = runTask(dir, { source: true, simulate: '2' });
    // The failed batch is named once: the message, with no repeat of it as a problem below.
    await expect(run).rejects.toThrow(/^the ACS Lambda failed on batch 1 \(6 objects, s3:\/\/[^ ]+\.json\): acs broke$/);
    expect(existsSync(manifest)).toBe(false);
  }, 60_000);

  it('--out that is a file is named as the flag to fix, not the config', async () => {
    const dir = join(temp.path, 'out-file');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'afile'), '');
    await expect(runTask(dir, { source: true, out: join(dir, 'afile') })).rejects.toThrow(new UsageError(`--out ${join(dir, 'afile')}: is a file; give a folder (the run writes output.manifest and the job files under s3/ there)`));
  }, 60_000);

  it('a manifest with no data object (empty, or blank lines only) fails the run, as lint fails it; a streaming job\'s sample does not', async () => {
    const dir = join(temp.path, 'empty-manifest');
    await initTask({ dir, type: 'text-classification' });
    for (const text of ['', '\n  \n\n']) {
      await writeFile(join(dir, 'manifest.jsonl'), text);
      const outcome = await runTask(dir, { source: true });
      expect(runFailure(outcome.run, { streaming: outcome.streaming })).toBe('no object was labelled: the manifest has no data objects (its problem above says what to add)');
      // The problem names the file and says what to add, in lint's words, with the type's own sample.
      expect(outcome.run.problems).toContainEqual({ stage: 'manifest', where: join(dir, 'manifest.jsonl'), message: expect.stringMatching(/^the manifest has no data objects \(it is empty.*/), fix: expect.stringMatching(/^add one JSON object per line, e\.g\. \{"source": "text to label"\}.*--type text-classification writes sample lines\)$/) });
    }
    // A streaming job takes its objects from SNS: its empty sample manifest is a warning and the run does not fail.
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    await writeFile(join(dir, 'gtkit.config.ts'), config.replace('region: "us-east-1",', 'region: "us-east-1",\n  streaming: { inputTopicArn: "arn:aws:sns:us-east-1:123456789012:gt-in" },'));
    const streamed = await runTask(dir, { source: true });
    expect(streamed.streaming).toBe(true);
    expect(runFailure(streamed.run, { streaming: streamed.streaming })).toBeUndefined();
    expect(streamed.run.problems.find((p) => p.message.startsWith('the manifest has no data objects'))?.severity).toBe('warning');
  }, 60_000);

  it('answers that were all refused (another task\'s answers.jsonl) with nothing labelled fail the run, saying why', async () => {
    const dir = join(temp.path, 'foreign-answers');
    await initTask({ dir, type: 'text-classification' });
    // Answers given for other data (another task's sourceDigest) and for objects this manifest does not have.
    const foreign = Array.from({ length: 8 }, (_, i) => JSON.stringify({ datasetObjectId: String(i + (i % 2) * 40), workerId: `w${i}`, sourceDigest: 'ffffffffffffffff', answerContent: { category: { label: 'x' } } }));
    await writeFile(join(dir, 'answers.jsonl'), `${foreign.join('\n')}\n`);
    const { run } = await runTask(dir, { source: true });
    expect(run.summary.counts).toMatchObject({ manifestLines: 6, answers: 0, labeled: 0, unanswered: 6 });
    const failure = runFailure(run);
    expect(failure).toMatch(/^no object was labelled: 6 with no answers, \d+ problems with the answers \(listed among the problems\)$/);
    // Nobody answered yet (no answers file at all) is still no failure.
    await rm(join(dir, 'answers.jsonl'));
    expect(runFailure((await runTask(dir, { source: true })).run)).toBeUndefined();
  }, 60_000);

  it('an answers file saved as UTF-16, with or without a byte-order mark, is one clear error, as a manifest in UTF-16 is', async () => {
    const dir = join(temp.path, 'utf16-answers');
    await initTask({ dir, type: 'text-classification' });
    const file = join(dir, 'answers.jsonl');
    const text = await readFile(file, 'utf8');
    const fix = 'save it as UTF-8, one captured answer per line (iconv -f UTF-16 -t UTF-8), or remove it to run without answers';
    await writeFile(file, Buffer.from(text, 'utf16le'));
    await expect(runTask(dir, { source: true })).rejects.toThrow(new CliError(`${file}: the file is UTF-16 (no byte-order mark, but a NUL byte beside each of its first characters, as UTF-16 little-endian writes them); ${fix}`));
    await writeFile(file, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    await expect(runTask(dir, { source: true })).rejects.toThrow(new CliError(`${file}: the file is UTF-16 (it starts with a UTF-16 byte-order mark); ${fix}`));
  }, 60_000);

  it('an answers file that is a folder is an error naming it', async () => {
    const dir = join(temp.path, 'answers-folder');
    await initTask({ dir, type: 'text-classification' });
    await rm(join(dir, 'answers.jsonl'));
    await mkdir(join(dir, 'answers.jsonl'));
    await expect(runTask(dir, { source: true })).rejects.toThrow(
      new CliError(`${join(dir, 'answers.jsonl')}: cannot read the answers file (is a folder, not a file); it holds one captured answer per line (gtkit preview writes it), or remove it to run without answers`),
    );
  }, 60_000);

  it('S3 refusing the run (no credentials, bad ones, access denied, no bucket) is said in words, with the flag to use instead', () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('could not write s3://b/k: …', { cause }), { name: 'ObjectWriteError', uri: 's3://b/k' });
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(s3Refused(wrapped(noCredentials), undefined)).toBe(
      'writing the job files with --s3 (s3://b/k): no AWS credentials found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --s3-endpoint for an S3-protocol server, or leave the flag out to write to a local folder.',
    );
    expect(s3Refused(wrapped(Object.assign(new Error('The provided token has expired.'), { name: 'ExpiredToken' })), undefined)).toBe(
      'writing the job files with --s3 (s3://b/k): your AWS session has expired (The provided token has expired.). Sign in again (aws sso login, or fresh keys) and run gtkit run again.',
    );
    expect(s3Refused(wrapped(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })), undefined)).toBe(
      'writing the job files with --s3 (s3://b/k): access denied: your AWS credentials may not s3:PutObject on arn:aws:s3:::b/k (AWS did not name the permission; this is the one this step needs). Add this statement to an IAM policy of the identity behind those credentials: {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/k"}.',
    );
    expect(s3Refused(wrapped(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' })), 'http://127.0.0.1:4568')).toBe(
      "writing the job files with --s3-endpoint http://127.0.0.1:4568 (s3://b/k): the bucket does not exist (The specified bucket does not exist). Create it in the job's region, or fix s3.bucket in gtkit.config.ts.",
    );
    expect(s3Refused(new Error('something else'), undefined)).toBeUndefined();
  });
});

describe('runFailure: when a finished run counts as failed', () => {
  const counts = { manifestLines: 6, badManifestLines: 0, preFailed: 0, notForHumans: 0, renderFailed: 0, sentToWorkers: 0, answers: 0, labeled: 0, consolidationFailed: 0, unanswered: 0, answersSetAside: 0, answersReplaced: 0, bothSourceLines: 0, repeatedIds: 0 };
  const run = (c: Partial<typeof counts>, problems: DryRunProblem[] = []) => ({ summary: { counts: { ...counts, ...c }, replacedAnswers: [], workers: [], lowestConfidence: [] }, problems });
  const pre = (n: number): DryRunProblem[] => Array.from({ length: n }, (_, i) => ({ stage: 'pre', where: `manifest.jsonl:${i + 1}`, message: 'boom' }));

  it('fails when lines came in, none was labelled and something went wrong on the way', () => {
    expect(runFailure(run({ preFailed: 6 }, pre(6)))).toBe('no object was labelled: 6 PRE failures');
    expect(runFailure(run({ badManifestLines: 1, preFailed: 1, renderFailed: 2, sentToWorkers: 2, unanswered: 2, notForHumans: 2 }))).toBe('no object was labelled: 1 bad manifest line, 1 PRE failure, 2 kept from workers by the PRE, 2 render failures, 2 with no answers');
    expect(runFailure(run({ sentToWorkers: 6, answers: 6, consolidationFailed: 6 }))).toBe('no object was labelled: 6 not consolidated');
  });

  it('passes when the PRE kept every object from workers, when nobody has answered yet, or when a streaming job\'s sample manifest is empty', () => {
    expect(runFailure(run({ notForHumans: 6 }))).toBeUndefined();
    expect(runFailure(run({ sentToWorkers: 6, unanswered: 6 }))).toBeUndefined();
    expect(runFailure(run({ manifestLines: 0 }, [{ stage: 'manifest', where: 'manifest.jsonl', message: 'the manifest has no data objects' }]), { streaming: true })).toBeUndefined();
    expect(runFailure(run({ preFailed: 1, labeled: 5, sentToWorkers: 5 }, pre(1)))).toBeUndefined();
    // Answers that only moved to the line holding their data are warnings: they do not make a failure.
    expect(runFailure(run({ sentToWorkers: 6, unanswered: 6 }, [{ stage: 'answers', where: 'answers.jsonl', message: 'moved', severity: 'warning' }]))).toBeUndefined();
  });

  it('fails on an empty manifest (lint\'s error), and on refused answers when nothing was labelled', () => {
    expect(runFailure(run({ manifestLines: 0 }))).toMatch(/^no object was labelled: the manifest has no data objects/);
    const refused: DryRunProblem[] = [1, 2].map((n) => ({ stage: 'answers', where: `answers.jsonl:${n}`, message: 'not valid JSON' }));
    expect(runFailure(run({ sentToWorkers: 6, unanswered: 6 }, refused))).toBe('no object was labelled: 6 with no answers, 2 problems with the answers (listed among the problems)');
    // With a label, the refused answers are the run's problems (--strict fails on them), not its failure.
    expect(runFailure(run({ sentToWorkers: 6, labeled: 1, unanswered: 5 }, refused))).toBeUndefined();
  });

  it('an error problem fails it with its whole message, whatever the message holds', () => {
    // A message may itself hold "; " (a path, a list): the verdict must not cut it there, nor show the fix.
    const clash: DryRunProblem = { stage: 'manifest', where: 'gtkit.config.ts:9:3', severity: 'error', message: '"objects" is the label attribute of the earlier job a in 2 lines of in; out/manifest.jsonl (lines 1, 2)', fix: 'set another labelAttributeName' };
    expect(runFailure(run({ labeled: 6, sentToWorkers: 6 }, [clash]))).toBe('an error a labeling job must not have (listed among the problems): "objects" is the label attribute of the earlier job a in 2 lines of in; out/manifest.jsonl (lines 1, 2)');
  });

  it('with --strict, any problem fails it, counted by stage', () => {
    expect(runFailure(run({ preFailed: 1, labeled: 5, sentToWorkers: 5 }, [...pre(1), { stage: 'answers', where: 'manifest.jsonl', message: 'x' }]), { strict: true })).toBe('--strict: 2 problems (pre: 1, answers: 1)');
    expect(runFailure(run({ labeled: 6, sentToWorkers: 6 }), { strict: true })).toBeUndefined();
  });
});
