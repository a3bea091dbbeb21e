import { readFile } from 'node:fs/promises';
import { checkUploadedManifest, goodLinesOf, readTaskManifest, type TaskManifestRead } from '../job/job-manifest.ts';
import { streamingDeployWarnings } from '../job/streamed-data.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { corsNeedOf, type CorsNeed } from './cors-need.ts';
import { streamedDataPrefixes } from './policies.ts';
import { templateRefusal } from './template-check.ts';

/** What both deploy routes (deploy and --emit-cloudformation) find before they build anything. */
export interface DeployPreflight {
  /** Why nothing may be deployed (a template lint finds errors in, a manifest Ground Truth could read nothing from), if so. */
  refusal?: string;
  /** Warnings in the order they are said: the streaming ones, then the manifest's. */
  warnings: string[];
  /** Which buckets need a CORS rule, for the CORS step or the next steps. */
  cors: CorsNeed | undefined;
  /** The manifest as read here, once: the roles' data folders and `--upload-data`'s objects come from its lines too. */
  manifest: TaskManifestRead;
}

/**
 * The checks both deploy routes make before the build, in one place so a new one reaches both:
 * a streaming task's warnings (which name its CORS buckets), then, when the task files are
 * uploaded (`checkUploads`: deploy with --skip-uploads uploads none), the manifest the job will
 * read and the template workers will open (`template-check.ts`). The manifest is read and parsed
 * here once, whatever its size: the CORS buckets and the steps after the build take its lines.
 */
export async function deployPreflight(task: LoadedTask, options: { checkUploads: boolean }): Promise<DeployPreflight> {
  const manifest = await readTaskManifest(task);
  // Read once for both checks; one that cannot be read is the build's to report (the CORS check takes it as empty).
  const source = await readFile(task.paths.template, 'utf8').catch(() => undefined);
  const cors = corsNeedOf(source ?? '', goodLinesOf(manifest), streamedDataPrefixes(task.config));
  const warnings = streamingDeployWarnings(task.config, cors);
  if (!options.checkUploads) return { warnings, cors, manifest };
  const template = await templateRefusal(task, source);
  const checked = checkUploadedManifest(task, manifest);
  const refusal = [template, checked.refusal].filter((r) => r !== undefined).join('\n');
  return { ...(refusal ? { refusal } : {}), warnings: [...warnings, ...checked.warnings], cors, manifest };
}
