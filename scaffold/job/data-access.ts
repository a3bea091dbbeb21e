import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { partitionOf } from './aws-place.ts';
import { dataBucketsOf, dataObjectUris, dataPrefixesOf, objectsWithKeyPrefix } from '../deploy/policies.ts';
import type { ManifestLine } from '../run/manifest.ts';
import { managedPolicyCanRead, readableObjectMarkers } from './managed-policy.ts';
import { uploadPaths } from './request-paths.ts';
import type { JobProblem } from './validate-request.ts';

/** What the job's manifest names, read from the task's copy of it (the file gtkit deploy uploads). */
export interface ManifestData {
  /** The manifest file, as messages show it. */
  file: string;
  /** The buckets of its `s3://` objects, sorted (for the Region check). */
  buckets: string[];
  /**
   * The folders of those objects whose own URI the managed policy cannot read: an object named
   * `…/cats/sagemaker-0001.jpg` is readable though its folder is not, and folders merged into a
   * whole bucket past the limit would lose the markers they carry.
   */
  unreadablePrefixes: string[];
}

/**
 * The manifest's data as `gtkit job` needs it: every bucket (for the Region check), and the
 * folders the managed policy cannot read. It takes the lines `checkJobManifest` read, so the
 * manifest is read and parsed once.
 */
export function manifestDataOf(file: string, lines: readonly ManifestLine[]): ManifestData {
  // Both lists come from the same object URIs.
  const uris = dataObjectUris(lines);
  return { file, buckets: dataBucketsOf(uris), unreadablePrefixes: dataPrefixesOf(uris.filter((uri) => !managedPolicyCanRead(uri))) };
}

/** Buckets named one by one; past these, one warning counts the rest. */
const maxNamedBuckets = 20;
/** Folders a warning lists; its statement grants them all. */
const maxListedFolders = 5;

/**
 * The manifest's data folders that a role with only AmazonSageMakerGroundTruthExecution cannot
 * read (their ARNs carry none of its markers, reference §2.8): one warning per bucket, naming its
 * folders, with the statement that grants them. The template's `grant_read_access` presigns each
 * object with the job's role, so without a grant every worker's browser gets 403 Forbidden, and
 * nothing fails before the workers open tasks. Silent when `roleGrantsData` (a role gtkit made for
 * the job, whose policy grants these folders) or when the request sends no manifest (a streaming
 * job's objects arrive by SNS).
 */
export function unreadableDataProblems(request: CreateLabelingJobCommandInput, data: ManifestData, options: { region: string; roleGrantsData: boolean }): JobProblem[] {
  if (options.roleGrantsData || !request.InputConfig?.DataSource?.S3DataSource) return [];
  return foldersOutsidePolicy(data.unreadablePrefixes, { path: uploadPaths.manifest, names: `${data.file} names objects`, granted: "the manifest's data", role: request.RoleArn, region: options.region });
}

/**
 * The same for a streaming job's `streaming.dataPrefixes`: the folders its streamed objects lie
 * under whose ARNs carry none of the managed policy's markers; `role` is the request's RoleArn.
 * Silent when `roleGrantsData` (a role gtkit made for the job grants them, once deployed with
 * them). The caller (`streamedDataProblems`) calls it only for a streaming task.
 */
export function unreadableStreamedDataProblems(role: string | undefined, folders: readonly string[], options: { region: string; roleGrantsData: boolean }): JobProblem[] {
  if (options.roleGrantsData) return [];
  const unreadable = folders.filter((folder) => !managedPolicyCanRead(folder));
  return foldersOutsidePolicy(unreadable, { path: 'streaming.dataPrefixes', names: 'the streamed objects lie', granted: 'streaming.dataPrefixes', role, region: options.region });
}

/**
 * One warning per bucket of folders the managed policy cannot read, naming them, with the
 * statement that grants them; past `maxNamedBuckets`, one more that counts the rest. `names` opens
 * each message (`manifest.jsonl names objects`), `granted` says what a gtkit role's policy grants.
 */
function foldersOutsidePolicy(folders: readonly string[], where: { path: string; names: string; granted: string; role: string | undefined; region: string }): JobProblem[] {
  const byBucket = new Map<string, string[]>();
  for (const prefix of folders) {
    const { bucket } = parseS3Uri(prefix);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), prefix]);
  }
  const role = where.role ?? 'the job\'s role (roleArn)';
  const partition = partitionOf(where.region);
  const buckets = [...byBucket];
  const problems: JobProblem[] = buckets.slice(0, maxNamedBuckets).map(([, inBucket]) => {
    const resources = inBucket.map((prefix) => objectsWithKeyPrefix({ partition }, prefix));
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: resources.length === 1 ? resources[0] : resources };
    const listed = inBucket.slice(0, maxListedFolders).join(', ') + (inBucket.length > maxListedFolders ? ` and ${inBucket.length - maxListedFolders} more folder(s) of the bucket` : '');
    return {
      severity: 'warning',
      path: where.path,
      message: `${where.names} under ${listed}, where the ARNs contain none of ${readableObjectMarkers.join(', ')}: the AmazonSageMakerGroundTruthExecution policy does not let the job's role read them, and grant_read_access presigns them with that role, so with that policy alone every worker gets 403 Forbidden`,
      // A presigned GET of an SSE-KMS object is decrypted with the signer's rights too (reference §2.7 infers the same for the output).
      fix: `attach to ${role}: ${JSON.stringify(statement)}, and kms:Decrypt on the key if the objects are encrypted with a KMS key (SSE-KMS); or run gtkit deploy --create-roles and set roleArn to the role it makes (its policy grants ${where.granted}); or tag the objects SageMaker=true`,
    };
  });
  const more = buckets.slice(maxNamedBuckets);
  if (more.length > 0) {
    problems.push({
      severity: 'warning',
      path: where.path,
      message: `${where.names} in ${more.length} more bucket(s) outside the AmazonSageMakerGroundTruthExecution policy (first: s3://${more[0]?.[0]}/)`,
      fix: 'grant the job\'s role s3:GetObject on them as above, or run gtkit deploy --create-roles and set roleArn to the role it makes',
    });
  }
  return problems;
}
