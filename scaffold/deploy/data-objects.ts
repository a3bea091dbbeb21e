import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { readManifest } from '../run/manifest.ts';
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

const contentTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
};

/**
 * The data objects of the sample manifest that `gtkit deploy --upload-data` puts on S3: every
 * top-level `s3://bucket/key` string of a manifest line (`source-ref` and any other attribute)
 * whose local copy exists below `<task>/s3/` — the same copies the preview serves. Keys that
 * would leave that folder (`..`) count as missing, never as files elsewhere.
 */
export async function dataObjectPlan(task: LoadedTask): Promise<DataObjectPlan> {
  const manifest = await readManifest(task.paths.manifest);
  const root = resolve(task.dir, 's3');
  const uris = new Set<string>();
  for (const line of manifest.lines) {
    for (const value of Object.values(line.dataObject)) {
      if (typeof value === 'string' && /^s3:\/\/[^/]+\/.+/.test(value)) uris.add(value);
    }
  }
  const plan: DataObjectPlan = { uploads: [], missing: [] };
  for (const uri of [...uris].sort()) {
    const file = resolve(join(root, ...uri.slice('s3://'.length).split('/').map(decodeSegment)));
    const inside = file.startsWith(root + sep);
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      plan.missing.push(uri);
      continue;
    }
    plan.uploads.push({ uri, file, bytes: statSync(file).size, contentType: contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream' });
  }
  return plan;
}

/** Keys are written URL-style in some manifests (`my%20photo.png`); the local copy has the plain name. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Uploads the planned data objects (byte for byte, with the task's KMS key when set). */
export async function uploadDataObjects(s3: S3Client, task: LoadedTask, plan: DataObjectPlan, options: UploadOptions = {}): Promise<number> {
  for (const o of plan.uploads) {
    await putObject(s3, task, { uri: o.uri, body: await readFile(o.file), contentType: o.contentType }, options);
    options.progress?.(`  uploaded ${o.uri} (${(o.bytes / 1024).toFixed(1)} KB, from ${o.file})`);
  }
  return plan.uploads.length;
}
