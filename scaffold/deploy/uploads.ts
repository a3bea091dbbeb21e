import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { buildLabelCategoryConfig, labelCategoryFileText } from '../job/label-categories.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { partitionOf } from '../job/aws-place.ts';
import { withRetry, type Sleep } from './retry.ts';
import { awsStep, DeployError } from './step.ts';
import type { DeployState } from './state.ts';
import { otherJobOf, overwriteObjectsFlag, prefixAdvice, whatItHolds, type ObjectOfAnotherJob } from './object-ownership.ts';
import { compareWithS3, contentSha256, digestMetadataKey, uploadMetadata, type Comparison, type WantedObject } from './stored-object.ts';

/** One file `gtkit deploy` puts on S3 for the job. */
export interface JobUpload {
  what: keyof DeployState['uploads'];
  uri: string;
  /** Local file it comes from, or a description for generated content. */
  from: string;
  contentType: string;
  body: () => Promise<string>;
}

async function readTaskFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new DeployError(`${file}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); every task folder needs it`);
  }
}

/**
 * The template, the label-category file (generated from the config) and the manifest, with their
 * S3 URIs. A task without labels (free text) has no label-category file: its request names none.
 * A streaming task has no manifest upload: its request names none, and its manifest is only samples.
 */
export function jobUploads(task: LoadedTask): JobUpload[] {
  const where = jobLocations(task.config);
  const labelFile: JobUpload[] =
    task.config.labels.length === 0
      ? []
      : [
          {
            what: 'labelCategories',
            uri: where.labelCategories,
            from: 'labels in gtkit.config.ts',
            contentType: 'application/json',
            body: async () => labelCategoryFileText(buildLabelCategoryConfig(task.config)),
          },
        ];
  return [
    { what: 'template', uri: where.template, from: task.paths.template, contentType: 'text/html; charset=utf-8', body: () => readTaskFile(task.paths.template, 'worker template') },
    ...labelFile,
    // A streaming job's request sends no manifest (its objects arrive by SNS): its samples, and their truth answers, stay local.
    ...(task.config.streaming ? [] : [{ what: 'manifest' as const, uri: where.manifest, from: task.paths.manifest, contentType: 'application/x-ndjson', body: () => readTaskFile(task.paths.manifest, 'input manifest') }]),
  ];
}

/** What each task file is, in words, for the messages that name one. */
const jobFileTitles: Record<JobUpload['what'], string> = {
  template: 'the worker template',
  labelCategories: 'the label-category file',
  manifest: 'the input manifest',
};

/** One object `gtkit deploy` put on S3, or found there already. */
export interface ObjectUploadResult {
  what: JobUpload['what'] | 'data';
  uri: string;
  bytes: number;
  action: 'uploaded' | 'unchanged';
  /** Why it was uploaded (`not on S3 yet`, `content changed`, …), or that it was the same. */
  reason: string;
  /** The job gtkit deploy had uploaded the object on S3 for, when another one: replaced with `--overwrite-objects`, or left as it was (the same content). */
  otherJob?: string;
}

/** A task file, read, and what the HeadObject at its key found: its comparison, and the other job it was uploaded for, if any. */
export interface JobFileLook {
  upload: JobUpload;
  body: string;
  wanted: WantedObject;
  comparison: Comparison;
  other?: ObjectOfAnotherJob;
}

/**
 * Reads the task files and looks at each one's key with one HeadObject (the comparison the
 * upload needs anyway), before anything is uploaded, so a deploy that must stop changes nothing.
 * `account`: the deploy's, recorded with the job; a dry run, which does not know it, leaves it out.
 * Credentials that do not work fail every HeadObject alike: the files after the first such failure
 * are not looked at, and carry its reason.
 */
export async function lookAtJobFiles(s3: S3Client, task: LoadedTask, options: { account?: string; sleep?: Sleep } = {}): Promise<JobFileLook[]> {
  const kms = task.config.s3.kmsKeyId;
  const job = { jobName: task.config.jobName, ...(options.account ? { account: options.account } : {}) };
  const looks: JobFileLook[] = [];
  let credentialFailure: Comparison | undefined;
  for (const upload of jobUploads(task)) {
    const body = await upload.body();
    const wanted: WantedObject = { sha256: contentSha256(body), contentType: upload.contentType, ...(kms ? { kmsKeyId: kms } : {}), job };
    const comparison = credentialFailure ?? (await compareWithS3(s3, upload.uri, wanted, options.sleep ? { sleep: options.sleep } : {}));
    if (!comparison.same && comparison.credentials) credentialFailure = comparison;
    const other = otherJobOf(comparison.recorded, job);
    looks.push({ upload, body, wanted, comparison, ...(other ? { other: { what: jobFileTitles[upload.what], uri: upload.uri, ...other } } : {}) });
  }
  return looks;
}

/**
 * What a deploy does with a task file gtkit uploaded for another job: `refuse` (other content: it
 * stops before any change), `leave` (this job's bytes already, so nothing is lost: not uploaded,
 * and still recorded for the other job), `replace` (`--overwrite-objects`: uploaded, recording this job).
 */
export type ObjectOfAnotherJobAction = ObjectOfAnotherJob & { action: 'refuse' | 'leave' | 'replace' };

/** The task files on S3 that gtkit uploaded for another job, and what the deploy does with each. */
export function objectsOfAnotherJob(looks: JobFileLook[], overwrite: boolean): ObjectOfAnotherJobAction[] {
  return looks.flatMap(({ other, comparison }) => (other ? [{ ...other, action: overwrite ? 'replace' : comparison.same ? 'leave' : 'refuse' }] : []));
}

/** The task files a deploy must not replace without `--overwrite-objects`. */
export function refusedJobFiles(looks: JobFileLook[]): ObjectOfAnotherJob[] {
  return objectsOfAnotherJob(looks, false)
    .filter((o) => o.action === 'refuse')
    .map(({ action: _action, ...object }) => object);
}

/** What a deploy says about a task file of another job that it leaves as it is or, told to, replaces. */
export function otherJobNote(object: ObjectOfAnotherJobAction, config: LoadedTask['config']): string {
  if (object.action === 'replace') return `${overwriteObjectsFlag}: replacing ${object.uri} (${object.what}): ${object.why}; it records this job from now on`;
  return `${object.uri} holds ${object.what} with this job's content already, but ${object.why}: left as it is, so both jobs now read it, and a deploy of ${object.jobName} that changes it changes it for this job too; ${prefixAdvice(config.s3.prefix, config.jobName, "record it as this job's")}`;
}

/**
 * The dry run's plan line for one task file, from what HeadObject found at its key (without the
 * account, which only a deploy asks STS for), and its warning when the file is another job's.
 */
export function plannedJobFile(look: JobFileLook, config: LoadedTask['config'], overwrite: boolean): { line: string; warning?: string; other?: ObjectOfAnotherJobAction } {
  const { upload: u, comparison } = look;
  const other = objectsOfAnotherJob([look], overwrite)[0];
  if (other?.action === 'refuse') {
    return {
      line: `stop before any change: ${whatItHolds(other)}`,
      warning: `the deploy would stop before any change: ${whatItHolds(other)}; ${prefixAdvice(config.s3.prefix, config.jobName, "replace it with this job's")}`,
      other,
    };
  }
  if (other) {
    return {
      line: other.action === 'replace' ? `upload ${u.from} → ${u.uri} (replacing ${other.what} of the job ${other.jobName}: ${overwriteObjectsFlag})` : `leave ${u.uri} as it is (the same content on S3, recorded for the job ${other.jobName})`,
      warning: otherJobNote(other, config),
      other,
    };
  }
  if (comparison.same) return { line: `leave ${u.uri} as it is (the same content on S3)` };
  // HeadObject failed: neither the content nor the job on S3 is known; the deploy asks again (with credentials, it may see them).
  if (comparison.couldNotCompare) return { line: `upload ${u.from} → ${u.uri} unless S3 holds the same content (could not look: ${comparison.reason})` };
  return { line: `upload ${u.from} → ${u.uri} (${comparison.reason})` };
}

/**
 * Uploads the job's files that `lookAtJobFiles` looked at, skipping each one already on S3 with
 * the same content (see `stored-object.ts`). With a KMS key in the config they are encrypted with
 * it, so a bucket policy that requires SSE-KMS accepts them. Each records the job the look
 * recorded (with the deploy's account). The caller has refused the files of another job already
 * (`refusedJobFiles`) unless `overwriteObjects`; those left or replaced are warned about, and
 * returned as `others`.
 */
export async function uploadJobFiles(
  s3: S3Client,
  task: LoadedTask,
  looks: JobFileLook[],
  options: JobUploadOptions,
): Promise<{ uploads: DeployState['uploads']; objects: ObjectUploadResult[]; others: ObjectOfAnotherJobAction[] }> {
  const overwrite = Boolean(options.overwriteObjects);
  const { warn } = options;
  const others = objectsOfAnotherJob(looks, overwrite);
  const otherByUri = new Map(others.map((o) => [o.uri, o]));
  const uploads: DeployState['uploads'] = {};
  const objects: ObjectUploadResult[] = [];
  for (const { upload: u, body, wanted, comparison } of looks) {
    const other = otherByUri.get(u.uri);
    if (other) warn(otherJobNote(other, task.config));
    const bytes = Buffer.byteLength(body);
    const size = `${(bytes / 1024).toFixed(1)} KB`;
    uploads[u.what] = u.uri;
    if (comparison.same && other?.action !== 'replace') {
      objects.push({ what: u.what, uri: u.uri, bytes, action: 'unchanged', reason: `same ${digestMetadataKey} on S3`, ...(other ? { otherJob: other.jobName } : {}) });
      options.progress?.(`  unchanged ${u.uri} (${size}, same content on S3), not uploaded`);
      continue;
    }
    const reason = comparison.same ? `recorded for the job ${other?.jobName}, taken over with ${overwriteObjectsFlag}` : comparison.reason;
    await putObject(s3, task, { uri: u.uri, body, contentType: u.contentType, metadata: uploadMetadata(wanted) }, options);
    objects.push({ what: u.what, uri: u.uri, bytes, action: 'uploaded', reason, ...(other ? { otherJob: other.jobName } : {}) });
    options.progress?.(`  uploaded ${u.uri} (${size}, from ${u.from}): ${reason}`);
  }
  return { uploads, objects, others };
}

export interface UploadOptions {
  sleep?: Sleep;
  progress?: (line: string) => void;
}

export interface JobUploadOptions extends UploadOptions {
  /** Replace task files gtkit uploaded for another job (`--overwrite-objects`). */
  overwriteObjects?: boolean;
  /** Where warnings go (a deploy collects them for its result). */
  warn: (line: string) => void;
}

/**
 * Uploads an object unless S3 already holds it with the same content, content type and KMS key
 * (compared through the digest gtkit stores in its metadata). An object that cannot be compared
 * (no digest, HeadObject denied) is uploaded as before; the returned reason says why.
 */
export async function putObjectIfChanged(s3: S3Client, task: LoadedTask, object: { uri: string; body: string | Uint8Array; contentType: string }, options: UploadOptions = {}): Promise<{ action: 'uploaded' | 'unchanged'; reason: string }> {
  const kms = task.config.s3.kmsKeyId;
  const wanted: WantedObject = { sha256: contentSha256(object.body), contentType: object.contentType, ...(kms ? { kmsKeyId: kms } : {}) };
  const comparison = await compareWithS3(s3, object.uri, wanted, options.sleep ? { sleep: options.sleep } : {});
  if (comparison.same) return { action: 'unchanged', reason: `same ${digestMetadataKey} on S3` };
  await putObject(s3, task, { ...object, metadata: uploadMetadata(wanted) }, options);
  return { action: 'uploaded', reason: comparison.reason };
}

/** One PutObject with retries, the task's KMS key, and an explained error naming s3:PutObject on the object. */
export async function putObject(s3: S3Client, task: LoadedTask, object: { uri: string; body: string | Uint8Array; contentType: string; metadata?: Record<string, string> }, options: UploadOptions = {}): Promise<void> {
  const kms = task.config.s3.kmsKeyId;
  const { bucket, key } = parseS3Uri(object.uri);
  await awsStep({ doing: `uploading ${object.uri}`, action: 's3:PutObject', resource: `arn:${partitionOf(task.config.region)}:s3:::${bucket}/${key}` }, () =>
    withRetry(
      () =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: object.body,
            ContentType: object.contentType,
            ...(object.metadata ? { Metadata: object.metadata } : {}),
            ...(kms ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kms } : {}),
          }),
        ),
      options.sleep ? { sleep: options.sleep } : {},
    ),
  );
}
