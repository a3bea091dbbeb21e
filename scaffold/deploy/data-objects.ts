import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ManifestLine } from '../run/manifest.ts';
import { localImage, sourceRefLines, type LocalImage } from '../task/image-quotas.ts';
import { contentTypeOf, localCopyOf, s3Layout } from '../task/local-s3-copies.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { dataObjectUris } from './policies.ts';
import { putObjectIfChanged, type ObjectUploadResult, type UploadOptions } from './uploads.ts';

/** A data object the manifest names, with its local copy under `<task>/s3/<bucket>/<key>`. */
export interface DataObjectUpload {
  uri: string;
  file: string;
  bytes: number;
  contentType: string;
  /** The manifest lines whose `source-ref` it is (the object workers label), if any. */
  sourceRefLines?: number[];
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
 * Keys that would leave that folder (`..`) count as missing, never as files elsewhere. `lines`
 * are the manifest's good lines, as deploy read them once.
 */
export async function dataObjectPlan(task: LoadedTask, lines: ManifestLine[]): Promise<DataObjectPlan> {
  const root = join(task.dir, s3Layout.folder);
  const uris = new Set(dataObjectUris(lines));
  const sourceRefs = sourceRefLines(lines);
  const plan: DataObjectPlan = { uploads: [], missing: [] };
  for (const uri of [...uris].sort()) {
    const file = await localCopyOf(root, uri.slice('s3://'.length));
    if (!file) {
      plan.missing.push(uri);
      continue;
    }
    const lines = sourceRefs.get(uri);
    plan.uploads.push({ uri, file, bytes: (await stat(file)).size, contentType: contentTypeOf(file), ...(lines ? { sourceRefLines: lines } : {}) });
  }
  return plan;
}

/**
 * Uploads the planned data objects (byte for byte, with the task's KMS key when set), skipping
 * each one S3 already holds with the same content: a re-run of `--upload-data` sends only what
 * changed. Each uploaded object gets a progress line; the unchanged ones one line in all.
 */
export async function uploadDataObjects(s3: S3Client, task: LoadedTask, plan: DataObjectPlan, options: UploadOptions = {}): Promise<ObjectUploadResult[]> {
  const results: ObjectUploadResult[] = [];
  for (const o of plan.uploads) {
    const outcome = await putObjectIfChanged(s3, task, { uri: o.uri, body: await readFile(o.file), contentType: o.contentType }, options);
    results.push({ what: 'data', uri: o.uri, bytes: o.bytes, ...outcome });
    if (outcome.action === 'uploaded') options.progress?.(`  uploaded ${o.uri} (${(o.bytes / 1024).toFixed(1)} KB, from ${o.file}): ${outcome.reason}`);
  }
  const unchanged = results.filter((r) => r.action === 'unchanged').length;
  if (unchanged > 0) options.progress?.(`  unchanged: ${unchanged} data object(s) already on S3 with the same content, not uploaded`);
  return results;
}

/** `localSourceRefImages` from a deploy's data plan, whose sizes are known already. */
export function plannedSourceRefImages(plan: DataObjectPlan): LocalImage[] {
  return plan.uploads
    .flatMap(({ uri, file, bytes, sourceRefLines: lines }) => (lines ? [localImage(uri, file, bytes, lines)] : []))
    .sort((a, b) => a.lineNumber - b.lineNumber);
}
