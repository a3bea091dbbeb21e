import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { labelCategoryFileText } from '../job/label-categories.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { partitionOf } from '../job/aws-place.ts';
import { withRetry, type Sleep } from './retry.ts';
import { awsStep, DeployError } from './step.ts';
import type { DeployState } from './state.ts';
import { compareWithS3, contentSha256, digestMetadataKey, uploadMetadata, type WantedObject } from './stored-object.ts';

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
            body: async () => labelCategoryFileText(task.config),
          },
        ];
  return [
    { what: 'template', uri: where.template, from: task.paths.template, contentType: 'text/html; charset=utf-8', body: () => readTaskFile(task.paths.template, 'worker template') },
    ...labelFile,
    { what: 'manifest', uri: where.manifest, from: task.paths.manifest, contentType: 'application/x-ndjson', body: () => readTaskFile(task.paths.manifest, 'input manifest') },
  ];
}

/** One object `gtkit deploy` put on S3, or found there already. */
export interface ObjectUploadResult {
  what: JobUpload['what'] | 'data';
  uri: string;
  bytes: number;
  action: 'uploaded' | 'unchanged';
  /** Why it was uploaded (`not on S3 yet`, `content changed`, …), or that it was the same. */
  reason: string;
}

/**
 * Uploads the job's files, skipping each one already on S3 with the same content (see
 * `stored-object.ts`). With a KMS key in the config they are encrypted with it, so a bucket
 * policy that requires SSE-KMS accepts them.
 */
export async function uploadJobFiles(s3: S3Client, task: LoadedTask, options: UploadOptions = {}): Promise<{ uploads: DeployState['uploads']; objects: ObjectUploadResult[] }> {
  const uploads: DeployState['uploads'] = {};
  const objects: ObjectUploadResult[] = [];
  for (const u of jobUploads(task)) {
    const body = await u.body();
    const outcome = await putObjectIfChanged(s3, task, { uri: u.uri, body, contentType: u.contentType }, options);
    uploads[u.what] = u.uri;
    objects.push({ what: u.what, uri: u.uri, bytes: Buffer.byteLength(body), ...outcome });
    const size = `${(Buffer.byteLength(body) / 1024).toFixed(1)} KB`;
    options.progress?.(outcome.action === 'unchanged' ? `  unchanged ${u.uri} (${size}, same content on S3), not uploaded` : `  uploaded ${u.uri} (${size}, from ${u.from}): ${outcome.reason}`);
  }
  return { uploads, objects };
}

export interface UploadOptions {
  sleep?: Sleep;
  progress?: (line: string) => void;
}

/**
 * Uploads an object unless S3 already holds it with the same content, content type and KMS key
 * (compared through the digest gtkit stores in its metadata). An object that cannot be compared
 * (no digest, HeadObject denied) is uploaded as before, with the reason in a detail line.
 */
export async function putObjectIfChanged(s3: S3Client, task: LoadedTask, object: { uri: string; body: string | Uint8Array; contentType: string }, options: UploadOptions = {}): Promise<{ action: 'uploaded' | 'unchanged'; reason: string }> {
  const kms = task.config.s3.kmsKeyId;
  const wanted: WantedObject = { sha256: contentSha256(object.body), contentType: object.contentType, ...(kms ? { kmsKeyId: kms } : {}) };
  const comparison = await compareWithS3(s3, object.uri, wanted, options.sleep ? { sleep: options.sleep } : {});
  if (comparison.same) return { action: 'unchanged', reason: `same ${digestMetadataKey} on S3` };
  if (comparison.couldNotCompare) options.progress?.(`    ${object.uri}: ${comparison.reason}; uploading`);
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
