import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { contentSha256, storedObjectDifference } from '../../../scaffold/deploy/stored-object.ts';
import { lookAtJobFiles, uploadJobFiles, type JobUploadOptions } from '../../../scaffold/deploy/uploads.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-upload-skip-');
let counter = 0;

/** A fresh copy of the fixture task under its own prefix, so each test starts with nothing on S3. */
async function freshTask(): Promise<LoadedTask> {
  counter += 1;
  const task = await copyFixture(join(harness.root, `task-${counter}`), { linkGtkit: true });
  task.config.s3.prefix = `skip-${counter}`;
  return task;
}

const key = (task: LoadedTask, path: string) => `${task.config.s3.prefix}/${path}`;
const puts = (sent: string[]) => sent.filter((n) => n === 'PutObjectCommand').length;
/** The task files' upload as deploy makes it: one HeadObject per file, then the uploads (another job's files: object-owner.test.ts). */
const upload = async (s3: S3Client, task: LoadedTask, options: Partial<JobUploadOptions> = {}) => uploadJobFiles(s3, task, await lookAtJobFiles(s3, task), { warn: (line) => options.progress?.(`warning: ${line}`), ...options });

describe('gtkit deploy uploads only what changed (real S3-protocol server)', () => {
  it('stores a SHA-256 of the content in the object metadata, and a second run with nothing changed uploads nothing', async () => {
    const task = await freshTask();
    const first = harness.countingS3();
    const before = await upload(first.client, task);
    expect(before.objects.map((o) => [o.what, o.action, o.reason])).toEqual([
      ['template', 'uploaded', 'not on S3 yet'],
      ['labelCategories', 'uploaded', 'not on S3 yet'],
      ['manifest', 'uploaded', 'not on S3 yet'],
    ]);
    const head = await harness.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(task, 'templates/template.liquid.html') }));
    expect(head.Metadata?.['gtkit-sha256']).toBe(contentSha256(await readFile(task.paths.template)));

    const second = harness.countingS3();
    const lines: string[] = [];
    const after = await upload(second.client, task, { progress: (l) => lines.push(l) });
    expect(puts(second.sent)).toBe(0);
    expect(second.sent).toEqual(['HeadObjectCommand', 'HeadObjectCommand', 'HeadObjectCommand']);
    expect(after.objects.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(after.uploads).toEqual(before.uploads);
    expect(lines).toContain(`  unchanged s3://${bucket}/${key(task, 'input/manifest.jsonl')} (${((await readFile(task.paths.manifest)).length / 1024).toFixed(1)} KB, same content on S3), not uploaded`);
  });

  it('a changed template uploads the template only, and says why', async () => {
    const task = await freshTask();
    await upload(harness.s3.client, task);
    await writeFile(task.paths.template, `${await readFile(task.paths.template, 'utf8')}<!-- edited -->\n`);
    const { client, sent } = harness.countingS3();
    const lines: string[] = [];
    const result = await upload(client, task, { progress: (l) => lines.push(l) });
    expect(puts(sent)).toBe(1);
    expect(result.objects.map((o) => [o.what, o.action])).toEqual([
      ['template', 'uploaded'],
      ['labelCategories', 'unchanged'],
      ['manifest', 'unchanged'],
    ]);
    expect(lines[0]).toMatch(/^ {2}uploaded s3:\/\/\S+\/templates\/template\.liquid\.html \(.* KB, from .*template\.liquid\.html\): content changed$/);
    const stored = await harness.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key(task, 'templates/template.liquid.html') }));
    expect(await stored.Body?.transformToString()).toContain('<!-- edited -->');
  });

  it('a new label changes only the label-category file', async () => {
    const task = await freshTask();
    await upload(harness.s3.client, task);
    task.config.labels = [...task.config.labels, 'complaint'];
    const result = await upload(harness.s3.client, task);
    expect(result.objects.filter((o) => o.action === 'uploaded').map((o) => o.what)).toEqual(['labelCategories']);
  });

  it('an object changed outside gtkit (no digest, or another one) is uploaded, the missing digest said in its line', async () => {
    const task = await freshTask();
    await upload(harness.s3.client, task);
    // Someone copies the same template up by hand (no metadata), and the manifest with a stale digest.
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'templates/template.liquid.html'), Body: await readFile(task.paths.template, 'utf8'), ContentType: 'text/html; charset=utf-8' }));
    await harness.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key(task, 'input/manifest.jsonl'), Body: '{"source":"other"}\n', ContentType: 'application/x-ndjson', Metadata: { 'gtkit-sha256': contentSha256('{"source":"x"}\n') } }));
    const lines: string[] = [];
    const result = await upload(harness.s3.client, task, { progress: (l) => lines.push(l) });
    expect(result.objects.map((o) => [o.what, o.action, o.reason])).toEqual([
      ['template', 'uploaded', 'no gtkit-sha256 metadata on S3 (uploaded by something other than gtkit deploy)'],
      ['labelCategories', 'unchanged', 'same gtkit-sha256 on S3'],
      ['manifest', 'uploaded', 'content changed'],
    ]);
    expect(lines.filter((l) => l.includes('templates/template.liquid.html'))).toEqual([
      expect.stringMatching(/^ {2}uploaded s3:\/\/\S+\/templates\/template\.liquid\.html \(.* KB, from .*\): no gtkit-sha256 metadata on S3 \(uploaded by something other than gtkit deploy\)$/),
    ]);
    expect(lines.some((l) => l.startsWith('warning') || /error/i.test(l))).toBe(false);
    const manifest = await harness.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key(task, 'input/manifest.jsonl') }));
    expect(await manifest.Body?.transformToString()).toBe(await readFile(task.paths.manifest, 'utf8'));
    // Now it carries gtkit's digest: the next run leaves it.
    expect((await upload(harness.s3.client, task)).objects.every((o) => o.action === 'unchanged')).toBe(true);
  });

  it('a HeadObject that is denied uploads as before, saying why in the upload\'s line, not as an error', async () => {
    const task = await freshTask();
    await upload(harness.s3.client, task);
    const { client, sent } = harness.countingS3({ command: 'HeadObjectCommand', error: awsError('Forbidden', '', 403) });
    const lines: string[] = [];
    const result = await upload(client, task, { progress: (l) => lines.push(l) });
    expect(puts(sent)).toBe(3);
    expect(result.objects.every((o) => o.action === 'uploaded')).toBe(true);
    expect(lines[0]).toMatch(/^ {2}uploaded s3:\/\/\S+\/templates\/template\.liquid\.html \(.* KB, from .*\): /);
    expect(lines[0]?.endsWith(`: HeadObject was denied (403), so it could not be compared; allow s3:GetObject on it so gtkit can skip unchanged uploads and tell another job's files`)).toBe(true);
    expect(result.objects[0]?.reason).toBe("HeadObject was denied (403), so it could not be compared; allow s3:GetObject on it so gtkit can skip unchanged uploads and tell another job's files");
  });

  it('--upload-data uploads an unchanged data object only once, and a changed one again', async () => {
    const task = await freshTask();
    const local = join(task.dir, 's3', bucket, task.config.s3.prefix, 'images');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]));
    await writeFile(join(local, 'b.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]));
    const uri = (name: string) => `s3://${bucket}/${key(task, `images/${name}`)}`;
    await writeFile(task.paths.manifest, `${JSON.stringify({ 'source-ref': uri('a.png') })}\n${JSON.stringify({ 'source-ref': uri('b.png') })}\n`);
    const first = await deployTask(task, { uploadData: true }, harness.clients(), () => {});
    expect(first.dataObjects).toEqual({ uploaded: 2, unchanged: 0, missing: [] });

    await writeFile(join(local, 'b.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 3]));
    const { client, sent } = harness.countingS3();
    const lines: string[] = [];
    const second = await deployTask(task, { uploadData: true }, harness.clients({ s3: client }), (l) => lines.push(l));
    expect(second.dataObjects).toEqual({ uploaded: 1, unchanged: 1, missing: [] });
    expect(puts(sent)).toBe(1);
    expect(second.objects.filter((o) => o.what === 'data').map((o) => [o.uri, o.action])).toEqual([
      [uri('a.png'), 'unchanged'],
      [uri('b.png'), 'uploaded'],
    ]);
    expect(lines).toContain('  unchanged: 1 data object(s) already on S3 with the same content, not uploaded');
  });

  it('--json names each object uploaded and each one left as it was', async () => {
    const task = await freshTask();
    const output = () => {
      const out: string[] = [];
      return { out, output: { out: (l: string) => out.push(l), err: () => {} } };
    };
    const deps = () => harness.clients();
    // The command loads the config from the folder (the fixture's prefix, which no other test of this file uses).
    await runDeployCommand(task.dir, { json: true }, output().output, deps);
    await writeFile(task.paths.manifest, `${await readFile(task.paths.manifest, 'utf8')}{"source":"one more line"}\n`);
    const second = output();
    await runDeployCommand(task.dir, { json: true }, second.output, deps);
    const result = JSON.parse(second.out.join('\n'));
    expect(result.ok).toBe(true);
    expect(result.objects.map((o: { what: string; action: string }) => [o.what, o.action])).toEqual([
      ['template', 'unchanged'],
      ['labelCategories', 'unchanged'],
      ['manifest', 'uploaded'],
    ]);
    expect(result.objects[2]).toMatchObject({ uri: expect.stringMatching(/^s3:\/\/acme-sagemaker-gt\/.*input\/manifest\.jsonl$/), reason: 'content changed', bytes: expect.any(Number) });
  });
});

describe('what counts as the same object', () => {
  const wanted = { sha256: contentSha256('x'), contentType: 'text/html; charset=utf-8' };
  const head = { Metadata: { 'gtkit-sha256': wanted.sha256 }, ContentType: wanted.contentType };

  it('the same digest, content type and KMS key', () => {
    expect(storedObjectDifference(head, wanted)).toBeUndefined();
    expect(storedObjectDifference({ ...head, Metadata: { 'GTKIT-SHA256': wanted.sha256 } }, wanted)).toBeUndefined();
    const keyed = { ...wanted, kmsKeyId: 'alias/labels' };
    expect(storedObjectDifference({ ...head, Metadata: { 'gtkit-sha256': wanted.sha256, 'gtkit-kms-key': 'alias/labels' }, ServerSideEncryption: 'aws:kms' }, keyed)).toBeUndefined();
  });

  it('not the same: another content type, a KMS key added or changed in the config, or an object not encrypted with KMS after all', () => {
    expect(storedObjectDifference({ ...head, ContentType: 'text/plain' }, wanted)).toBe('content type "text/plain" → "text/html; charset=utf-8"');
    expect(storedObjectDifference(head, { ...wanted, kmsKeyId: 'alias/labels' })).toBe('KMS key (none) → alias/labels');
    expect(storedObjectDifference({ ...head, Metadata: { ...head.Metadata, 'gtkit-kms-key': 'alias/old' }, ServerSideEncryption: 'aws:kms' }, { ...wanted, kmsKeyId: 'alias/labels' })).toBe('KMS key alias/old → alias/labels');
    expect(storedObjectDifference({ ...head, Metadata: { ...head.Metadata, 'gtkit-kms-key': 'alias/labels' }, ServerSideEncryption: 'AES256' }, { ...wanted, kmsKeyId: 'alias/labels' })).toBe('not encrypted with aws:kms on S3 (AES256)');
    // The ETag is never used: an ETag equal to the content's MD5 but no digest is not the same object.
    expect(storedObjectDifference({ ContentType: wanted.contentType, ETag: '"9dd4e461268c8034f5c8564e155c67a6"' } as Parameters<typeof storedObjectDifference>[0], wanted)).toMatch(/^no gtkit-sha256 metadata/);
  });
});
