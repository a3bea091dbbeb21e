import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { readManifest } from '../run/manifest.ts';
import { contentTypeOf, localCopyOf, s3Layout } from '../task/local-s3-copies.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { putObject, type UploadOptions } from './uploads.ts';

/** A data object the manifest names, with its local copy under `<task>/s3/<bucket>/<key>`. */
export interface DataObjectUpload {
  uri: string;
  file: string;
  bytes: number;
  contentType: string;
}

export interface DataObjectPlan {
  uploads: DataObjectUpload[];
  /** URIs the manifest names that have no local copy: they must be on S3 already. */
  missing: string[];
}

/**
 * The data objects of the sample manifest that `gtkit deploy --upload-data` puts on S3: every
 * top-level `s3://bucket/key` string of a manifest line (`source-ref` and any other attribute)
 * whose local copy exists below `<task>/s3/` — the same file the preview serves for that URI.
 * Keys that would leave that folder (`..`) count as missing, never as files elsewhere.
 */
export async function dataObjectPlan(task: LoadedTask): Promise<DataObjectPlan> {
  const manifest = await readManifest(task.paths.manifest);
  const root = join(task.dir, s3Layout.folder);
  const uris = new Set<string>();
  for (const line of manifest.lines) {
    for (const value of Object.values(line.dataObject)) {
      if (typeof value === 'string' && /^s3:\/\/[^/]+\/.+/.test(value)) uris.add(value);
    }
  }
  const plan: DataObjectPlan = { uploads: [], missing: [] };
  for (const uri of [...uris].sort()) {
    const file = await localCopyOf(root, uri.slice('s3://'.length));
    if (!file) {
      plan.missing.push(uri);
      continue;
    }
    plan.uploads.push({ uri, file, bytes: (await stat(file)).size, contentType: contentTypeOf(file) });
  }
  return plan;
}

/** Uploads the planned data objects (byte for byte, with the task's KMS key when set). */
export async function uploadDataObjects(s3: S3Client, task: LoadedTask, plan: DataObjectPlan, options: UploadOptions = {}): Promise<number> {
  for (const o of plan.uploads) {
    await putObject(s3, task, { uri: o.uri, body: await readFile(o.file), contentType: o.contentType }, options);
    options.progress?.(`  uploaded ${o.uri} (${(o.bytes / 1024).toFixed(1)} KB, from ${o.file})`);
  }
  return plan.uploads.length;
}
