import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { buildLabelCategoryConfig } from '../job/label-categories.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { partitionOf } from '../job/aws-place.ts';
import { withRetry, type Sleep } from './retry.ts';
import { awsStep, DeployError } from './step.ts';
import type { DeployState } from './state.ts';

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
            body: async () => `${JSON.stringify(buildLabelCategoryConfig(task.config), null, 2)}\n`,
          },
        ];
  return [
    { what: 'template', uri: where.template, from: task.paths.template, contentType: 'text/html; charset=utf-8', body: () => readTaskFile(task.paths.template, 'worker template') },
    ...labelFile,
    { what: 'manifest', uri: where.manifest, from: task.paths.manifest, contentType: 'application/x-ndjson', body: () => readTaskFile(task.paths.manifest, 'input manifest') },
  ];
}

/**
 * Uploads the job's files. With a KMS key in the config they are encrypted with it, so a
 * bucket policy that requires SSE-KMS accepts them.
 */
export async function uploadJobFiles(s3: S3Client, task: LoadedTask, options: UploadOptions = {}): Promise<DeployState['uploads']> {
  const uploads: DeployState['uploads'] = {};
  for (const u of jobUploads(task)) {
    const body = await u.body();
    await putObject(s3, task, { uri: u.uri, body, contentType: u.contentType }, options);
    uploads[u.what] = u.uri;
    options.progress?.(`  uploaded ${u.uri} (${(Buffer.byteLength(body) / 1024).toFixed(1)} KB, from ${u.from})`);
  }
  return uploads;
}

export interface UploadOptions {
  sleep?: Sleep;
  progress?: (line: string) => void;
}

/** One PutObject with retries, the task's KMS key, and an explained error naming s3:PutObject on the object. */
export async function putObject(s3: S3Client, task: LoadedTask, object: { uri: string; body: string | Uint8Array; contentType: string }, options: UploadOptions = {}): Promise<void> {
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
            ...(kms ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kms } : {}),
          }),
        ),
      options.sleep ? { sleep: options.sleep } : {},
    ),
  );
}
