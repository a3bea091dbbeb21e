import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { jobLocations } from '../job/locations.ts';
import type { ManifestLine } from '../run/manifest.ts';
import type { RoleKind } from './role-kinds.ts';
import { dataFolderLimit, dataObjectUris, foldersOf, readsSourceText, streamedDataPrefixes } from './policies.ts';

/**
 * The grants of the roles (`policies.ts`) that end up covering a whole bucket, each said in
 * words with why and what to do. The roles are scoped to the task's folders; a folder that is a
 * bucket's top (objects at the top, an output path at the root, folders with no common key
 * prefix) makes the grant every object of the bucket, which may hold other teams' data. gtkit
 * deploy --create-roles (its dry run too) and --emit-cloudformation say them, so a reviewer sees
 * the widening before the roles exist (gtkit lint does not: it grants nothing).
 */

/** How a message names the roles: their IAM names (deploy) or their logical ids (CloudFormation). */
export type RoleLabels = Record<RoleKind, string>;

/** The advice every whole-bucket message ends with. */
const ownFolder = 'so that the roles grant that folder alone';

/**
 * One warning per whole-bucket grant the roles of this task would get, for the manifest's good
 * `lines` (as deploy read them) and the data `prefixes` the roles grant (`dataPrefixesOfTask` of
 * them, computed once by the caller, whose roles or template take the same). Empty when every
 * grant is a folder.
 *
 * @example
 * const prefixes = dataPrefixesOfTask(config, lines);
 * wholeBucketGrants(config, { lines, prefixes }, roleNames(config)).forEach(warn);
 */
export function wholeBucketGrants(config: TaskConfig, data: { lines: readonly Pick<ManifestLine, 'dataObject'>[]; prefixes: readonly string[] }, roles: RoleLabels): string[] {
  const warnings: string[] = [];
  const dataReaders = readsSourceText(config) ? `${roles.groundTruthExecution} and ${roles.preExecution} (the PRE reads the text)` : roles.groundTruthExecution;
  const streamed = new Set(streamedDataPrefixes(config));
  const folders = foldersOf(dataObjectUris(data.lines));
  for (const prefix of data.prefixes) {
    const { bucket, key } = parseS3Uri(prefix);
    if (key !== '') continue;
    warnings.push(`${dataReaders} can read every object of s3://${bucket}/: ${whyWholeBucket(prefix, streamed, folders)}; keep the job's data under a folder of its own in that bucket, ${ownFolder}`);
  }
  const output = jobLocations(config).outputPath;
  const out = parseS3Uri(output);
  if (out.key.replace(/\/+$/, '') === '') {
    warnings.push(
      `s3.outputPath ${output} is the top of its bucket, so ${roles.groundTruthExecution} can read and write every object of s3://${out.bucket}/ and ${roles.acsExecution} read every one: set s3.outputPath to a folder of the job's own (e.g. s3://${out.bucket}/${config.jobName}/output/), ${ownFolder}`,
    );
  }
  return warnings;
}

/** Why a data grant is a whole bucket: a streamed prefix that is the bucket, objects at its top, or folders that share no key prefix. */
function whyWholeBucket(prefix: string, streamed: ReadonlySet<string>, folders: readonly string[]): string {
  if (streamed.has(prefix)) return `streaming.dataPrefixes names ${prefix}, the whole bucket`;
  if (folders.includes(prefix)) return `the manifest names objects at the top of the bucket (${prefix}), not in a folder`;
  const inBucket = folders.filter((f) => parseS3Uri(f).bucket === parseS3Uri(prefix).bucket);
  return `the manifest names objects in ${inBucket.length} folders of it (first: ${inBucket[0] ?? prefix}), and past ${dataFolderLimit} folders the roles grant the key prefix the folders share, which here is none`;
}
