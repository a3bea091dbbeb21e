import type { TaskConfig } from '../config/define-task.ts';
import type { ManifestLine } from '../run/manifest.ts';
import { imageToolOfTemplate } from '../task/image-tools.ts';
import { dataBucketsOf, dataObjectUris } from './policies.ts';

/**
 * Which buckets a task needs a CORS rule on, from its template and data alone (no AWS call), so
 * that lint and the job request can say it without loading the S3 client; `cors.ts` checks and
 * sets the rules.
 */

/**
 * What in the template makes the worker's browser fetch objects with CORS: the first crowd image
 * tool it names (`crowd-bounding-box`), or `a crossorigin attribute`; undefined when nothing does.
 */
export function corsUserOfTemplate(template: string): string | undefined {
  const element = imageToolOfTemplate(template);
  if (element) return element;
  if (/<[a-z][^>]*\scrossorigin(?![\w-])/i.test(template)) return 'a crossorigin attribute';
  return undefined;
}

/** The buckets whose CORS rules a task depends on, and why; undefined when its template loads nothing with CORS. */
export interface CorsNeed {
  /** What in the template loads the objects (`crowd-bounding-box`). */
  user: string;
  /** The buckets of the manifest's `s3://` objects and of a streaming job's `streaming.dataPrefixes`, sorted. */
  buckets: string[];
}

/** The CORS need of a template, for the data the manifest's good lines and a streaming job's folders name. */
export function corsNeedOf(template: string, lines: readonly Pick<ManifestLine, 'dataObject'>[], streamedFolders: readonly string[] = []): CorsNeed | undefined {
  const user = corsUserOfTemplate(template);
  if (!user) return undefined;
  return { user, buckets: dataBucketsOf([...dataObjectUris(lines), ...streamedFolders]) };
}

/**
 * For a streaming job whose template loads objects with CORS: the buckets its streamed objects come
 * from are known only as far as the config names them, so the note says which the check covers.
 * `gtkit deploy` and its CloudFormation route both give it.
 */
export function streamedCorsNote(config: Pick<TaskConfig, 'streaming'>, cors: CorsNeed | undefined): string | undefined {
  if (!cors || !config.streaming) return undefined;
  const checked = config.streaming.dataPrefixes?.length ? 'the manifest and streaming.dataPrefixes name' : 'the manifest names (set streaming.dataPrefixes to add the streamed objects\' folders)';
  return `the template's ${cors.user} loads the objects in the worker's browser: every bucket whose objects reach the job through ${config.streaming.inputTopicArn} needs a CORS rule allowing GET from *, and gtkit checks only the buckets ${checked}`;
}
