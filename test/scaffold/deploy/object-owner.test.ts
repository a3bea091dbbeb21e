import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateFunctionCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { otherJobOf, OwnershipRefusal, prefixPerJob, shownRecordedValue } from '../../../scaffold/deploy/object-ownership.ts';
import { deployStateFile, readDeployState } from '../../../scaffold/deploy/state.ts';
import { contentSha256 } from '../../../scaffold/deploy/stored-object.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

/** Two jobs given the same s3.prefix: the second deploy must not replace the first job's task files. */

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-object-owner-');
const { lambdaMock, stsMock } = harness;
const clients = (s3?: S3Client) => harness.clients(s3 ? { s3 } : {});
let counter = 0;

/** The fixture task (job ticket-intent) under a prefix no other test uses. */
async function firstJob(): Promise<LoadedTask> {
  counter += 1;
  const task = await copyFixture(join(harness.root, `task-${counter}`), { linkGtkit: true });
  task.config.s3.prefix = `shared-${counter}`;
  return task;
}

/**
 * A copy of `first`'s folder made for a second job: a new jobName and functions, a new manifest, the
 * same s3.prefix; in its config file too, for the command, which loads the config from the folder.
 */
async function secondJob(first: LoadedTask, options: { sameFunctions?: boolean; sameManifest?: boolean } = {}): Promise<LoadedTask> {
  const task = await copyFixture(join(harness.root, `task-${counter}-second`), { linkGtkit: true });
  task.config.s3.prefix = first.config.s3.prefix;
  task.config.jobName = 'returns-triage';
  let configText = (await readFile(task.configFile, 'utf8')).replace("jobName: 'ticket-intent'", "jobName: 'returns-triage'").replace("prefix: 'tickets'", `prefix: '${first.config.s3.prefix}'`);
  if (!options.sameFunctions) {
    task.config.lambdas.pre.functionName = 'SageMaker-returns-triage-pre';
    task.config.lambdas.acs.functionName = 'SageMaker-returns-triage-acs';
    configText = configText.replace(/SageMaker-ticket-intent-(pre|acs)/g, 'SageMaker-returns-triage-$1');
  }
  await writeFile(task.configFile, configText);
  if (!options.sameManifest) await writeFile(task.paths.manifest, '{"source":"The zip broke on day two, I want to send it back."}\n');
  return task;
}

const key = (task: LoadedTask, path: string) => `${task.config.s3.prefix}/${path}`;
const uri = (task: LoadedTask, path: string) => `s3://${bucket}/${key(task, path)}`;

/** Every object under the task's prefix: its body and metadata, to show that nothing changed. */
async function objectsUnder(task: LoadedTask): Promise<Record<string, { body: string; metadata: Record<string, string> }>> {
  const listed = await harness.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${task.config.s3.prefix}/` }));
  const objects: Record<string, { body: string; metadata: Record<string, string> }> = {};
  for (const { Key } of listed.Contents ?? []) {
    const got = await harness.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key }));
    objects[Key as string] = { body: (await got.Body?.transformToString()) ?? '', metadata: got.Metadata ?? {} };
  }
  return objects;
}

const metadataOf = async (task: LoadedTask, path: string) => (await harness.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(task, path) }))).Metadata ?? {};
const functionChanges = () =>
  lambdaMock.commandCalls(CreateFunctionCommand).length +
  lambdaMock.commandCalls(UpdateFunctionCodeCommand).length +
  lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).length +
  lambdaMock.commandCalls(PublishVersionCommand).length;

describe('gtkit deploy over task files another job uploaded (s3rver)', () => {
  it('records the job and the account on each task file it uploads, and not on data objects, which jobs share', async () => {
    const task = await firstJob();
    const local = join(task.dir, 's3', bucket, 'images');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]));
    await writeFile(task.paths.manifest, `${JSON.stringify({ source: 'x', 'source-ref': `s3://${bucket}/images/a.png` })}\n`);
    await deployTask(task, { uploadData: true }, clients(), () => {});
    for (const path of ['templates/template.liquid.html', 'config/label-categories.json', 'input/manifest.jsonl']) {
      expect(await metadataOf(task, path), path).toMatchObject({ 'gtkit-job': 'ticket-intent', 'gtkit-account': account });
    }
    const data = await harness.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'images/a.png' }));
    expect(Object.keys(data.Metadata ?? {})).toEqual(['gtkit-sha256']);
  });

  it('a second job with the same s3.prefix is refused before any change, naming each object, the other job and the fixes', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    const second = await secondJob(first);
    second.config.labels = ['return', 'exchange'];
    const before = await objectsUnder(first);
    const changesBefore = functionChanges();
    const lines: string[] = [];
    const error = await deployTask(second, {}, clients(), (l) => lines.push(l)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OwnershipRefusal);
    expect((error as Error).message).toBe(
      `${second.configFile}:\n` +
        `  s3.prefix: ${uri(first, 'config/label-categories.json')} holds the label-category file, and gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage\n` +
        `  s3.prefix: ${uri(first, 'input/manifest.jsonl')} holds the input manifest, and gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage\n` +
        "A labeling job reads its files from there: that job, if still running or run again, would read this job's instead. Nothing was changed. " +
        `Give each job an s3.prefix of its own (e.g. "${first.config.s3.prefix}/returns-triage"), or deploy with --overwrite-objects to replace them with this job's.`,
    );
    expect((error as OwnershipRefusal).objects.map((o) => [o.uri, o.jobName])).toEqual([
      [uri(first, 'config/label-categories.json'), 'ticket-intent'],
      [uri(first, 'input/manifest.jsonl'), 'ticket-intent'],
    ]);
    // No object changed (the template, the same bytes in both folders, neither), no function was touched, no state written.
    expect(await objectsUnder(first)).toEqual(before);
    expect(functionChanges()).toBe(changesBefore);
    expect(harness.fake.functions.has('SageMaker-returns-triage-pre')).toBe(false);
    expect(await readDeployState(second.dir)).toBeUndefined();
    expect(lines.some((l) => l.startsWith('upload') || l.startsWith('lambda'))).toBe(false);
  });

  it('refuses a foreign function and another job\'s files in one message, saying once that nothing was changed', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    // A copy of the folder without its .gtkit/: the functions are tagged for ticket-intent, the state records none.
    const second = await secondJob(first, { sameFunctions: true });
    const error = (await deployTask(second, {}, clients(), () => {}).catch((e: unknown) => e)) as OwnershipRefusal;
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`${second.configFile}:`);
    expect(lines.slice(1, 4).map((l) => l.split(':')[0])).toEqual(['  lambdas.pre.functionName', '  lambdas.acs.functionName', '  s3.prefix']);
    expect(lines[4]).toBe(
      "It may be another team's or a hand-made function. A labeling job reads its files from there: that job, if still running or run again, would read this job's instead. Nothing was changed. " +
        "Name a function of your own in gtkit.config.ts, or deploy with --overwrite-functions to replace its code and settings with this task's. " +
        `Give each job an s3.prefix of its own (e.g. "${first.config.s3.prefix}/returns-triage"), or deploy with --overwrite-objects to replace them with this job's.`,
    );
    expect(error.objects.map((o) => o.what)).toEqual(['the input manifest']);
    // Each flag lifts its own refusal only.
    await expect(deployTask(second, { overwriteFunctions: true }, clients(), () => {})).rejects.toThrow(/^[^\n]+:\n {2}s3\.prefix: .*input\/manifest\.jsonl holds the input manifest/);
  });

  it('--overwrite-objects goes on with a warning per object, which then records this job (and the first job is refused in turn)', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    const second = await secondJob(first);
    const taken = await deployTask(second, { overwriteObjects: true }, clients(), () => {});
    expect(taken.warnings).toEqual([
      `--overwrite-objects: replacing ${uri(first, 'templates/template.liquid.html')} (the worker template): gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage; it records this job from now on`,
      `--overwrite-objects: replacing ${uri(first, 'config/label-categories.json')} (the label-category file): gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage; it records this job from now on`,
      `--overwrite-objects: replacing ${uri(first, 'input/manifest.jsonl')} (the input manifest): gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage; it records this job from now on`,
    ]);
    expect(taken.objects.map((o) => [o.what, o.action, o.reason, o.otherJob])).toEqual([
      ['template', 'uploaded', 'recorded for the job ticket-intent, taken over with --overwrite-objects', 'ticket-intent'],
      ['labelCategories', 'uploaded', 'recorded for the job ticket-intent, taken over with --overwrite-objects', 'ticket-intent'],
      ['manifest', 'uploaded', 'content changed', 'ticket-intent'],
    ]);
    expect(taken.objectsOfOtherJobs?.map((o) => o.action)).toEqual(['replace', 'replace', 'replace']);
    expect(await readFile(second.paths.manifest, 'utf8')).toBe((await objectsUnder(first))[key(first, 'input/manifest.jsonl')]?.body);
    expect(await metadataOf(first, 'input/manifest.jsonl')).toMatchObject({ 'gtkit-job': 'returns-triage' });
    // Recorded: the next deploy of the second job needs no flag and says nothing.
    const again = await deployTask(second, {}, clients(), () => {});
    expect(again.warnings).toEqual([]);
    expect(again.objects.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.objectsOfOtherJobs).toBeUndefined();
    // Now the first job's files are the second job's: its deploy stops in turn.
    await expect(deployTask(first, {}, clients(), () => {})).rejects.toThrow('gtkit deploy uploaded it for the job returns-triage (its gtkit-job metadata), not for ticket-intent');
  });

  it('the same job redeployed (a changed manifest, the state file lost) is never refused', async () => {
    const task = await firstJob();
    await deployTask(task, {}, clients(), () => {});
    await writeFile(task.paths.manifest, `${await readFile(task.paths.manifest, 'utf8')}{"source":"one more"}\n`);
    await rm(deployStateFile(task.dir));
    const again = await deployTask(task, {}, clients(), () => {});
    expect(again.warnings).toEqual([]);
    expect(again.objects.map((o) => [o.what, o.action])).toEqual([
      ['template', 'unchanged'],
      ['labelCategories', 'unchanged'],
      ['manifest', 'uploaded'],
    ]);
  });

  it('the same content another job uploaded is left as it is, with a warning that both jobs now share it; --overwrite-objects records it as this job\'s', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    const second = await secondJob(first, { sameManifest: true });
    const before = await objectsUnder(first);
    const shared = await deployTask(second, {}, clients(), () => {});
    expect(shared.objects.map((o) => [o.action, o.otherJob])).toEqual([
      ['unchanged', 'ticket-intent'],
      ['unchanged', 'ticket-intent'],
      ['unchanged', 'ticket-intent'],
    ]);
    expect(shared.objectsOfOtherJobs?.map((o) => o.action)).toEqual(['leave', 'leave', 'leave']);
    expect(shared.warnings).toContain(
      `${uri(first, 'input/manifest.jsonl')} holds the input manifest with this job's content already, but gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage: left as it is, so both jobs now read it, and a deploy of ticket-intent that changes it changes it for this job too; give each job an s3.prefix of its own (e.g. "${first.config.s3.prefix}/returns-triage"), or deploy with --overwrite-objects to record it as this job's`,
    );
    expect(await objectsUnder(first)).toEqual(before);
    const { client, sent } = harness.countingS3();
    const taken = await deployTask(second, { overwriteObjects: true }, clients(client), () => {});
    expect(sent.filter((n) => n === 'PutObjectCommand')).toHaveLength(3);
    expect(sent.filter((n) => n === 'HeadObjectCommand')).toHaveLength(3);
    expect(taken.objects.map((o) => o.action)).toEqual(['uploaded', 'uploaded', 'uploaded']);
    expect(await metadataOf(first, 'templates/template.liquid.html')).toMatchObject({ 'gtkit-job': 'returns-triage' });
  });

  it('the same job name deployed from another account is another job', async () => {
    const task = await firstJob();
    await deployTask(task, {}, clients(), () => {});
    await writeFile(task.paths.manifest, '{"source":"changed"}\n');
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '444455556666', Arn: 'arn:aws:iam::444455556666:user/dev' });
    await expect(deployTask(task, {}, clients(), () => {})).rejects.toThrow(
      `s3.prefix: ${uri(task, 'input/manifest.jsonl')} holds the input manifest, and gtkit deploy uploaded it for the job ticket-intent in account ${account} (its gtkit-job and gtkit-account metadata), and this deploy is for the job of that name in 444455556666`,
    );
  });

  it('an object without the job key is not refused: one put there by hand, or by a gtkit that kept only its digest, is uploaded and records the job from then on', async () => {
    const task = await firstJob();
    const template = await readFile(task.paths.template, 'utf8');
    // By hand: no metadata at all. By an older gtkit: its digest and nothing else (the same bytes as now).
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'input/manifest.jsonl'), Body: '{"source":"by hand"}\n', ContentType: 'application/x-ndjson' }));
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'templates/template.liquid.html'), Body: template, ContentType: 'text/html; charset=utf-8', Metadata: { 'gtkit-sha256': contentSha256(template) } }));
    task.config.jobName = 'ticket-intent-2';
    const lines: string[] = [];
    const result = await deployTask(task, {}, clients(), (l) => lines.push(l));
    expect(result.objects.map((o) => [o.what, o.action, o.reason])).toEqual([
      ['template', 'uploaded', 'no gtkit-job metadata on S3 (uploaded by a gtkit that did not record the job)'],
      ['labelCategories', 'uploaded', 'not on S3 yet'],
      ['manifest', 'uploaded', 'no gtkit-sha256 metadata on S3 (uploaded by something other than gtkit deploy)'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.objectsOfOtherJobs).toBeUndefined();
    expect(lines.filter((l) => l.includes(uri(task, 'input/manifest.jsonl')))).toEqual([
      expect.stringMatching(/^ {2}uploaded \S+\/input\/manifest\.jsonl \(.* KB, from .*\): no gtkit-sha256 metadata on S3 \(uploaded by something other than gtkit deploy\)$/),
    ]);
    expect(await metadataOf(task, 'templates/template.liquid.html')).toMatchObject({ 'gtkit-job': 'ticket-intent-2' });
    const again = await deployTask(task, {}, clients(), () => {});
    expect(again.objects.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('data objects are never refused: two jobs label the same images', async () => {
    const first = await firstJob();
    const image = (task: LoadedTask, byte: number) => mkdir(join(task.dir, 's3', bucket, 'shared-images'), { recursive: true }).then(() => writeFile(join(task.dir, 's3', bucket, 'shared-images', 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, byte])));
    const line = `${JSON.stringify({ source: 'x', 'source-ref': `s3://${bucket}/shared-images/a.png` })}\n`;
    await image(first, counter);
    await writeFile(first.paths.manifest, line);
    await deployTask(first, { uploadData: true }, clients(), () => {});
    const second = await secondJob(first);
    second.config.s3.prefix = `${first.config.s3.prefix}/returns-triage`;
    await image(second, counter + 100);
    await writeFile(second.paths.manifest, line);
    const result = await deployTask(second, { uploadData: true }, clients(), () => {});
    expect(result.dataObjects).toEqual({ uploaded: 1, unchanged: 0, missing: [] });
    expect(result.warnings).toEqual([]);
  });

  it('gtkit deploy --json prints the refusal, and --overwrite-objects goes on', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    const second = await secondJob(first);
    const out: string[] = [];
    const error = await runDeployCommand(second.dir, { json: true }, { out: (l) => out.push(l), err: () => {} }, () => clients()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('--overwrite-objects');
    const json = JSON.parse(out.join('\n'));
    expect(json.ok).toBe(false);
    expect(json.objectsOfOtherJobs.map((o: { what: string; action: string }) => [o.what, o.action])).toEqual([['the input manifest', 'refuse']]);
    const ok: string[] = [];
    await runDeployCommand(second.dir, { json: true, overwriteObjects: true }, { out: (l) => ok.push(l), err: () => {} }, () => clients());
    expect(JSON.parse(ok.join('\n')).objectsOfOtherJobs.map((o: { action: string }) => o.action)).toEqual(['replace', 'replace', 'replace']);
  });

  it('hostile metadata: a job key gtkit never writes (empty, long, odd characters) is another job\'s, shown quoted and cut short', async () => {
    const task = await firstJob();
    await deployTask(task, {}, clients(), () => {});
    const odd = `x" --overwrite-objects ${'y'.repeat(1500)}`;
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'input/manifest.jsonl'), Body: 'x', Metadata: { 'gtkit-job': odd } }));
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'templates/template.liquid.html'), Body: 'x', Metadata: { 'gtkit-job': '' } }));
    const error = (await deployTask(task, {}, clients(), () => {}).catch((e: unknown) => e)) as OwnershipRefusal;
    expect(error).toBeInstanceOf(OwnershipRefusal);
    expect(error.message).toContain(`uploaded it for the job ${JSON.stringify(`${odd.slice(0, 64)}…`)} (its gtkit-job metadata)`);
    expect(error.message).toContain('uploaded it for the job "" (its gtkit-job metadata)');
    expect(error.message.length).toBeLessThan(1500);
    expect(error.objects.map((o) => o.what)).toEqual(['the worker template', 'the input manifest']);
  });
});

describe('gtkit deploy --dry-run over another job\'s task files', () => {
  it('shows what the deploy would stop at, from the HeadObject alone: no upload, no STS or Lambda call; --json carries it', async () => {
    const first = await firstJob();
    await deployTask(first, {}, clients(), () => {});
    const second = await secondJob(first);
    const before = await objectsUnder(first);
    lambdaMock.resetHistory();
    stsMock.resetHistory();
    const { client, sent } = harness.countingS3();
    const result = await deployTask(second, { dryRun: true }, clients(client), () => {});
    expect(sent).toEqual(['HeadObjectCommand', 'HeadObjectCommand', 'HeadObjectCommand']);
    expect(lambdaMock.calls()).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
    expect(result.plan.slice(0, 3)).toEqual([
      `leave ${uri(first, 'templates/template.liquid.html')} as it is (the same content on S3, recorded for the job ticket-intent)`,
      `leave ${uri(first, 'config/label-categories.json')} as it is (the same content on S3, recorded for the job ticket-intent)`,
      `stop before any change: ${uri(first, 'input/manifest.jsonl')} holds the input manifest, and gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage`,
    ]);
    expect(result.warnings).toContain(
      `the deploy would stop before any change: ${uri(first, 'input/manifest.jsonl')} holds the input manifest, and gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage; give each job an s3.prefix of its own (e.g. "${first.config.s3.prefix}/returns-triage"), or deploy with --overwrite-objects to replace it with this job's`,
    );
    expect(result.objectsOfOtherJobs?.map((o) => [o.what, o.action])).toEqual([
      ['the worker template', 'leave'],
      ['the label-category file', 'leave'],
      ['the input manifest', 'refuse'],
    ]);
    expect(await objectsUnder(first)).toEqual(before);

    const withFlag = await deployTask(second, { dryRun: true, overwriteObjects: true }, clients(), () => {});
    expect(withFlag.plan[2]).toBe(`upload ${second.paths.manifest} → ${uri(first, 'input/manifest.jsonl')} (replacing the input manifest of the job ticket-intent: --overwrite-objects)`);
    expect(withFlag.objectsOfOtherJobs?.map((o) => o.action)).toEqual(['replace', 'replace', 'replace']);

    const out: string[] = [];
    await runDeployCommand(second.dir, { dryRun: true, json: true }, { out: (l) => out.push(l), err: () => {} }, () => clients());
    const json = JSON.parse(out.join('\n'));
    expect(json.ok).toBe(true);
    expect(json.objectsOfOtherJobs).toEqual([
      expect.objectContaining({ what: 'the worker template', jobName: 'ticket-intent', action: 'leave' }),
      expect.objectContaining({ what: 'the label-category file', jobName: 'ticket-intent', action: 'leave' }),
      { what: 'the input manifest', uri: uri(first, 'input/manifest.jsonl'), jobName: 'ticket-intent', account, why: 'gtkit deploy uploaded it for the job ticket-intent (its gtkit-job metadata), not for returns-triage', action: 'refuse' },
    ]);
  });

  it('without credentials (or any HeadObject failure) the dry run still prints its plan, saying it could not look', async () => {
    const task = await firstJob();
    const { client } = harness.countingS3({ command: 'HeadObjectCommand', error: awsError('CredentialsProviderError', 'Could not load credentials from any providers') });
    const result = await deployTask(task, { dryRun: true }, clients(client), () => {});
    expect(result.plan[0]).toBe(
      `upload ${task.paths.template} → ${uri(task, 'templates/template.liquid.html')} unless S3 holds the same content (could not look: no AWS credentials found, so it could not be compared)`,
    );
    expect(result.objectsOfOtherJobs).toBeUndefined();
    const refused = harness.countingS3({ command: 'HeadObjectCommand', error: awsError('InternalError', 'We encountered an internal error', 500) });
    expect((await deployTask(task, { dryRun: true }, clients(refused.client), () => {})).plan[2]).toBe(
      `upload ${task.paths.manifest} → ${uri(task, 'input/manifest.jsonl')} unless S3 holds the same content (could not look: HeadObject failed (InternalError), so it could not be compared)`,
    );
  });

  it('credentials that do not work are said as such, whatever the error looks like, and asked with once, not once per file', async () => {
    const task = await firstJob();
    const couldNotLook = (why: string) => [
      `upload ${task.paths.template} → ${uri(task, 'templates/template.liquid.html')} unless S3 holds the same content (could not look: ${why}, so it could not be compared)`,
      `upload labels in gtkit.config.ts → ${uri(task, 'config/label-categories.json')} unless S3 holds the same content (could not look: ${why}, so it could not be compared)`,
      `upload ${task.paths.manifest} → ${uri(task, 'input/manifest.jsonl')} unless S3 holds the same content (could not look: ${why}, so it could not be compared)`,
    ];
    // The SDK's provider chain sometimes throws a plain Error with only its message.
    const plain = harness.countingS3({ command: 'HeadObjectCommand', error: new Error('Could not load credentials from any providers') });
    expect((await deployTask(task, { dryRun: true }, clients(plain.client), () => {})).plan.slice(0, 3)).toEqual(couldNotLook('no AWS credentials found'));
    expect(plain.sent).toEqual(['HeadObjectCommand']);
    const expired = harness.countingS3({ command: 'HeadObjectCommand', error: awsError('ExpiredToken', 'The provided token has expired.') });
    expect((await deployTask(task, { dryRun: true }, clients(expired.client), () => {})).plan.slice(0, 3)).toEqual(couldNotLook('your AWS session has expired (sign in again: aws sso login, or fresh keys)'));
    expect(expired.sent).toEqual(['HeadObjectCommand']);
    const rejected = harness.countingS3({ command: 'HeadObjectCommand', error: awsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403) });
    expect((await deployTask(task, { dryRun: true }, clients(rejected.client), () => {})).plan[0]).toBe(couldNotLook('AWS does not accept these credentials (check AWS_PROFILE or the access keys, and the clock of this machine)')[0]);
  });

  it('--skip-uploads looks at nothing', async () => {
    const task = await firstJob();
    const { client, sent } = harness.countingS3();
    await deployTask(task, { dryRun: true, skipUploads: true }, clients(client), () => {});
    expect(sent).toEqual([]);
  });
});

describe('otherJobOf', () => {
  const job = { jobName: 'ticket-intent', account };
  it('is undefined for an object not on S3, one with no job recorded and one of this job; the account counts only when both sides know it', () => {
    expect(otherJobOf(undefined, job)).toBeUndefined();
    expect(otherJobOf({}, job)).toBeUndefined();
    expect(otherJobOf({ account }, job)).toBeUndefined();
    expect(otherJobOf({ jobName: 'ticket-intent' }, job)).toBeUndefined();
    expect(otherJobOf({ jobName: 'ticket-intent', account }, { jobName: 'ticket-intent' })).toBeUndefined();
    expect(otherJobOf({ jobName: 'ticket-intent', account: '999999999999' }, job)).toMatchObject({ jobName: 'ticket-intent', account: '999999999999' });
    expect(otherJobOf({ jobName: 'Ticket-Intent' }, job)).toMatchObject({ jobName: 'Ticket-Intent' });
    expect(otherJobOf({ jobName: '' }, job)).toMatchObject({ why: 'gtkit deploy uploaded it for the job "" (its gtkit-job metadata), not for ticket-intent' });
  });

  it('shows recorded values safely and suggests a folder per job below the team\'s prefix', () => {
    expect(shownRecordedValue('returns-triage')).toBe('returns-triage');
    expect(shownRecordedValue(account)).toBe(account);
    expect(shownRecordedValue('a\u0000b')).toBe('"a\\u0000b"');
    expect(shownRecordedValue('z'.repeat(100_000))).toBe(JSON.stringify(`${'z'.repeat(64)}…`));
    expect(prefixPerJob('tickets', 'returns-triage')).toBe('tickets/returns-triage');
    expect(prefixPerJob('/tickets/', 'returns-triage')).toBe('tickets/returns-triage');
    expect(prefixPerJob('', 'returns-triage')).toBe('returns-triage');
  });
});
