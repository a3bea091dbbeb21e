import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { isS3FolderUri } from '../config/s3-folder.ts';
import type { AwsPlace } from '../job/aws-place.ts';
import { lambdaFunctionArn } from '../job/lambda-arn.ts';
import { jobLocations } from '../job/locations.ts';
import { isObjectUri, type ManifestLine } from '../run/manifest.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import type { RoleKind } from './role-kinds.ts';
import { functionLogGroupArn } from './log-group-names.ts';

/**
 * Least-privilege policy documents for the roles of a custom labeling job (one per function, and Ground Truth's), written once and
 * used both by `gtkit deploy --create-roles` (IAM calls) and `--emit-cloudformation` (where the
 * partition, region and account are CloudFormation pseudo parameters).
 *
 * Choices, in one place:
 * - Each function has a role of its own, with only what it does. The ACS's reads the job's output
 *   prefix (consolidation requests, worker answers), writes only gtkit's own files there
 *   (`…/annotations/gtkit-*`: cross-batch state, offloaded labels), writes its logs, and
 *   decrypts/encrypts with the task's KMS key when one is set. It reads with its own credentials
 *   (reference §2.7, option 2), so it needs no sts:AssumeRole. The PRE's writes its logs and, when
 *   the task type's workers need the text itself (named entity), reads the manifest's data folders
 *   (a `source-ref` object's text). Other types never read the data (Ground Truth presigns it with
 *   its own role), so they are not granted it.
 * - Ground Truth's role gets what DG-EXECROLE lists for a custom job, scoped to this task: read
 *   the task's files and the data the manifest points at, write the output prefix, invoke the two
 *   functions, CloudWatch metrics and `/aws/sagemaker/*` logs, KMS, and SQS/SNS for streaming jobs.
 *   The broad AmazonSageMakerGroundTruthExecution managed policy is NOT attached
 *   (`attachGroundTruthManagedPolicy`); which CloudWatch actions Ground Truth really calls is not
 *   documented action by action, so if a job fails on a permission, attaching it is the fallback.
 */
export const attachGroundTruthManagedPolicy = false;
export const groundTruthManagedPolicyArn = 'arn:aws:iam::aws:policy/AmazonSageMakerGroundTruthExecution';

/** The inline policy names of the roles, the same in IAM (`--create-roles`) and in the CloudFormation template. */
export const inlinePolicyNames = { preExecution: 'gtkit-pre', acsExecution: 'gtkit-acs', groundTruthExecution: 'gtkit-groundtruth' } as const satisfies Record<RoleKind, string>;

/** The inline policy of the one role an older gtkit gave both functions (`sharedLambdaRoleName`). */
export const sharedLambdaPolicyName = 'gtkit-lambda';

export type PolicyDocument = { Version: '2012-10-17'; Statement: Array<Record<string, unknown>> };

const s3Arn = (c: Pick<AwsPlace, 'partition'>, bucket: string, key?: string) => `arn:${c.partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;

/**
 * A key or prefix as literal text in a policy's Resource: IAM reads `*` and `?` as wildcards and
 * `${…}` as a policy variable, so a folder named `imgs*` would grant `imgs-private/` too. IAM's
 * fixed variables `${*}`, `${?}` and `${$}` stand for the characters themselves.
 */
function literalPolicyText(text: string): string {
  return text.replace(/[*?$]/g, (c) => `\${${c}}`);
}

/**
 * A data prefix (`dataPrefixesOfManifest`) → the ARN of every object whose key starts with it:
 * `s3://b/cats/` → `b/cats/*`, the key prefix `s3://b/customer-` → `b/customer-*`, `s3://b/` → `b/*`.
 */
export function objectsWithKeyPrefix(c: Pick<AwsPlace, 'partition'>, prefix: string): string {
  const { bucket, key } = parseS3Uri(prefix);
  return s3Arn(c, bucket, `${literalPolicyText(key)}*`);
}

/** `s3://bucket/some/prefix/` → the ARN of every object under it (`suffix` is a pattern, the prefix literal). */
export function objectsUnder(c: Pick<AwsPlace, 'partition'>, uri: string, suffix = '*'): string {
  const { bucket, key } = parseS3Uri(uri);
  const prefix = literalPolicyText(key.replace(/\/+$/, ''));
  return s3Arn(c, bucket, prefix ? `${prefix}/${suffix}` : suffix);
}

export function lambdaTrustPolicy(): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
}

export function sageMakerTrustPolicy(): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
}

/**
 * The statement that lets a role use the task's KMS key. A key id or key ARN is the Resource. An
 * alias (`alias/…`, or its ARN) cannot be: IAM matches Decrypt and GenerateDataKey against the
 * key's ARN, so an alias ARN there grants nothing. An alias allows the keys of its account and
 * Region that carry it instead (the `kms:ResourceAliases` condition).
 */
export function kmsKeyStatement(config: Pick<TaskConfig, 's3'>, c: AwsPlace, actions: readonly string[] = ['kms:Decrypt', 'kms:GenerateDataKey']): Record<string, unknown> | undefined {
  const key = config.s3.kmsKeyId;
  if (!key) return undefined;
  const statement = { Sid: 'UseJobKey', Effect: 'Allow', Action: [...actions] };
  const here = `arn:${c.partition}:kms:${c.region}:${c.account}:`;
  // `arn:aws:kms:eu-west-1:111122223333:alias/gt` → the place `arn:aws:kms:eu-west-1:111122223333:` and `alias/gt`.
  const [, place, alias] = /^(arn:[^:]+:kms:[^:]*:[^:]*:)?(alias\/.+)$/.exec(key) ?? [];
  if (alias) return { ...statement, Resource: `${place ?? here}key/*`, Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias } } };
  return { ...statement, Resource: key.startsWith('arn:') ? key : `${here}key/${key}` };
}

/** The statement that lets one function write its own log group (`/aws/lambda/<name>`) and nothing else's. */
function ownLogsStatement(c: AwsPlace, functionName: string): Record<string, unknown> {
  const group = functionLogGroupArn(c, functionName);
  return { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [group, `${group}:*`] };
}

/**
 * The PRE's execution role: its own logs; and, when the task type reads the text of its objects
 * (named entity), read the data folders (`dataPrefixesOfManifest`) and decrypt them with the task's
 * KMS key. The PRE parses untrusted manifest lines, so it gets nothing of the job's output: no
 * read, and no write or delete of the ACS's state (`acsExecutionPolicy`).
 */
export function preExecutionPolicy(config: TaskConfig, c: AwsPlace, dataPrefixes: readonly string[] = []): PolicyDocument {
  const statements: Array<Record<string, unknown>> = [ownLogsStatement(c, config.lambdas.pre.functionName)];
  if (readsSourceText(config) && dataPrefixes.length > 0) {
    statements.push({ Sid: 'ReadSourceText', Effect: 'Allow', Action: 's3:GetObject', Resource: [...new Set(dataPrefixes.map((p) => objectsWithKeyPrefix(c, p)))] });
    // Without it S3 answers a missing object with 403, not 404: the PRE could not tell a missing
    // document (one line to skip) from a missing grant (the job to stop). It lists key names only.
    const buckets = [...new Set(dataPrefixes.map((p) => parseS3Uri(p).bucket))].sort();
    statements.push({ Sid: 'TellMissingSourceText', Effect: 'Allow', Action: 's3:ListBucket', Resource: buckets.map((b) => s3Arn(c, b)) });
    // It reads and never writes, so it decrypts only (`--upload-data` encrypts the objects with the task's key).
    const key = kmsKeyStatement(config, c, ['kms:Decrypt']);
    if (key) statements.push(key);
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The ACS's execution role: its own logs, read the output prefix (consolidation requests, worker
 * answers), write gtkit's files there (`…/annotations/gtkit-*`: cross-batch state, offloaded
 * labels), delete the state's old parts, read a seed state, and the task's KMS key when one is set.
 * It never reads the data: the answers it consolidates come in the request's payload.
 */
export function acsExecutionPolicy(config: TaskConfig, c: AwsPlace): PolicyDocument {
  const output = jobLocations(config).outputPath;
  const statements: Array<Record<string, unknown>> = [
    ownLogsStatement(c, config.lambdas.acs.functionName),
    { Sid: 'ReadJobOutput', Effect: 'Allow', Action: 's3:GetObject', Resource: objectsUnder(c, output) },
    // <output>/<job name>/annotations/gtkit-state/… and …/gtkit-offload/…
    { Sid: 'WriteConsolidationState', Effect: 'Allow', Action: 's3:PutObject', Resource: objectsUnder(c, output, '*/annotations/gtkit-*') },
    // The ACS deletes the carried state's snapshots and parts a newer snapshot holds, so that a long
    // (streaming) job's state stays small (acs-state-prune.ts); nothing outside gtkit-state/.
    { Sid: 'PruneConsolidationState', Effect: 'Allow', Action: 's3:DeleteObject', Resource: objectsUnder(c, output, '*/annotations/gtkit-state/*') },
    // The ACS lists the carried state's parts (one object per batch, under gtkit-state/); and
    // without it S3 answers a read of an object not written yet with 403, not 404, so the ACS could
    // not tell a first batch from a missing grant. It lists key names only, and of the whole bucket:
    // whether S3's 404-or-403 choice honours an s3:prefix condition is unverified, so a narrower
    // grant might not do it.
    { Sid: 'ListConsolidationState', Effect: 'Allow', Action: 's3:ListBucket', Resource: s3Arn(c, parseS3Uri(output).bucket) },
  ];
  // A job seeded with an earlier job's state (consolidation.seedState) reads it once; under the
  // output path ReadJobOutput covers it, elsewhere it needs its own read and, for a 404 rather than
  // a 403 on a missing part, a listing of its bucket.
  const seed = config.consolidation.seedState;
  if (seed !== undefined && !isUnder(seed, output)) {
    statements.push({ Sid: 'ReadSeedState', Effect: 'Allow', Action: 's3:GetObject', Resource: objectsUnder(c, seed) });
    const seedBucket = parseS3Uri(seed).bucket;
    if (seedBucket !== parseS3Uri(output).bucket) statements.push({ Sid: 'ListSeedState', Effect: 'Allow', Action: 's3:ListBucket', Resource: s3Arn(c, seedBucket) });
  }
  const key = kmsKeyStatement(config, c);
  if (key) statements.push(key);
  return { Version: '2012-10-17', Statement: statements };
}

/** Whether `uri` lies under the S3 folder `folder` (both s3:// URIs). */
function isUnder(uri: string, folder: string): boolean {
  const a = parseS3Uri(uri);
  const f = parseS3Uri(folder);
  const prefix = f.key.replace(/\/+$/, '');
  return a.bucket === f.bucket && (prefix === '' || a.key === prefix || a.key.startsWith(`${prefix}/`));
}

/** Whether the task's PRE reads its objects' text (the type says so), and so the PRE's role the data. */
export function readsSourceText(config: Pick<TaskConfig, 'type'>): boolean {
  return getTaskType(config.type).readsSourceText === true;
}

/** The most data folders the roles grant one by one; past these, each bucket's shared key prefix. */
export const dataFolderLimit = 20;

/**
 * The S3 "folders" (`s3://bucket/dir/`) of the objects the manifest names, sorted: every top-level
 * `s3://bucket/key` value of a line, `source-ref` or any other (a mask, a second image), as
 * `--upload-data` takes them. Ground Truth's role must read them (grant_read_access presigns with
 * it). It takes the good lines of the manifest as deploy read it once (readManifest, the reader
 * lint and the dry run use): bad lines are not among them, and `gtkit lint` reports them. Past
 * `limit` folders, which would make a long policy, each bucket's folders are granted by the key
 * prefix they share (`s3://crm/customer-` for `customer-1/` … `customer-21/`; see
 * `commonKeyPrefixes`). Grant them with `objectsWithKeyPrefix`.
 */
export function dataPrefixesOfManifest(lines: readonly Pick<ManifestLine, 'dataObject'>[], limit = dataFolderLimit): string[] {
  return dataPrefixesOf(dataObjectUris(lines), limit);
}

/**
 * Per bucket, the longest key prefix its folders share, sorted: the narrowest single grant that
 * still covers each of them. It may end inside a name (`s3://crm/customer-`), and is empty (the
 * whole bucket: `broad-grants.ts` says so) when the folders share nothing.
 */
export function commonKeyPrefixes(folders: readonly string[]): string[] {
  const byBucket = new Map<string, string>();
  for (const folder of folders) {
    const { bucket, key } = parseS3Uri(folder);
    const shared = byBucket.get(bucket);
    byBucket.set(bucket, shared === undefined ? key : sharedStart(shared, key));
  }
  return [...byBucket].map(([bucket, key]) => `s3://${bucket}/${key}`).sort();
}

function sharedStart(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return a.slice(0, i);
}

/**
 * The S3 folders the task's roles may read, sorted: the manifest's data folders
 * (`dataPrefixesOfManifest`, of the lines deploy read) and a streaming job's
 * `streaming.dataPrefixes`, whose objects arrive by SNS from wherever they lie, so no manifest
 * names them. `deploy --create-roles` and the CloudFormation template grant these; the CORS check
 * covers their buckets.
 */
export function dataPrefixesOfTask(config: Pick<TaskConfig, 'streaming'>, lines: readonly Pick<ManifestLine, 'dataObject'>[]): string[] {
  return [...new Set([...dataPrefixesOfManifest(lines), ...streamedDataPrefixes(config)])].sort();
}

/**
 * `streaming.dataPrefixes` as folders (`s3://bucket/incoming/`), each once: a policy grants what
 * lies under them, so each ends in `/`. A value that is no S3 folder is left out: the config and
 * job checks refuse it at its field, and nothing may be granted from it.
 */
export function streamedDataPrefixes(config: Pick<TaskConfig, 'streaming'>): string[] {
  const folders = (config.streaming?.dataPrefixes ?? []).filter((p) => isS3FolderUri(p));
  return [...new Set(folders.map((p) => (p.endsWith('/') ? p : `${p}/`)))];
}

/** Every top-level `s3://bucket/key` value of these manifest lines, in line order (repeats kept). */
export function dataObjectUris(lines: readonly Pick<ManifestLine, 'dataObject'>[]): string[] {
  return lines.flatMap((line) => Object.values(line.dataObject).filter(isObjectUri));
}

/** The buckets of these object URIs, sorted, each once. */
export function dataBucketsOf(uris: readonly string[]): string[] {
  return [...new Set(uris.map((uri) => parseS3Uri(uri).bucket))].sort();
}

/** The folders (`s3://bucket/dir/`) of these object URIs, sorted, each once. */
export function foldersOf(uris: readonly string[]): string[] {
  return [...new Set(uris.map((uri) => uri.slice(0, uri.lastIndexOf('/') + 1)))].sort();
}

/**
 * The sorted folders of these object URIs, or past `limit` folders each bucket's shared key prefix
 * (`commonKeyPrefixes`): the prefixes a grant names, by the roles and by `gtkit job`'s suggestion
 * alike. Grant them with `objectsWithKeyPrefix`.
 */
export function dataPrefixesOf(uris: readonly string[], limit = dataFolderLimit): string[] {
  const folders = foldersOf(uris);
  return folders.length <= limit ? folders : commonKeyPrefixes(folders);
}

/**
 * The folders of the task files Ground Truth's role reads: `s3.prefix` itself, or with an empty
 * prefix the folders of the three files (`input/`, `templates/`, `config/`), not the whole bucket.
 */
function taskFileFolders(config: Pick<TaskConfig, 's3'>): string[] {
  const prefix = config.s3.prefix.replace(/^\/+|\/+$/g, '');
  if (prefix) return [`s3://${config.s3.bucket}/${prefix}`];
  const files = jobLocations(config);
  return foldersOf([files.manifest, files.template, files.labelCategories]);
}

/** Ground Truth's execution role, scoped to this task (see the file's header). */
export function groundTruthExecutionPolicy(config: TaskConfig, c: AwsPlace, dataPrefixes: string[] = []): PolicyDocument {
  const where = jobLocations(config);
  const readable = [...new Set([...taskFileFolders(config).map((f) => objectsUnder(c, f)), ...dataPrefixes.map((p) => objectsWithKeyPrefix(c, p))])];
  const buckets = [...new Set([config.s3.bucket, parseS3Uri(where.outputPath).bucket, ...dataPrefixes.map((p) => parseS3Uri(p).bucket)])].sort();
  const names = [config.lambdas.pre.functionName, config.lambdas.acs.functionName];
  const statements: Array<Record<string, unknown>> = [
    { Sid: 'ReadTaskFilesAndData', Effect: 'Allow', Action: 's3:GetObject', Resource: readable },
    { Sid: 'WriteJobOutput', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: objectsUnder(c, where.outputPath) },
    { Sid: 'LocateBuckets', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: buckets.map((b) => s3Arn(c, b)) },
    { Sid: 'InvokeTaskLambdas', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: names.flatMap((n) => [lambdaFunctionArn(c, n), `${lambdaFunctionArn(c, n)}:*`]) },
    { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' },
    {
      Sid: 'JobLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:/aws/sagemaker/*`,
    },
  ];
  const key = kmsKeyStatement(config, c);
  if (key) statements.push(key);
  if (config.streaming) {
    statements.push({
      Sid: 'StreamingQueue',
      Effect: 'Allow',
      Action: ['sqs:CreateQueue', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      Resource: `arn:${c.partition}:sqs:${c.region}:${c.account}:GroundTruth-*`,
    });
    statements.push({ Sid: 'StreamingInput', Effect: 'Allow', Action: 'sns:Subscribe', Resource: config.streaming.inputTopicArn });
    if (config.streaming.outputTopicArn) statements.push({ Sid: 'StreamingOutput', Effect: 'Allow', Action: 'sns:Publish', Resource: config.streaming.outputTopicArn });
  }
  return { Version: '2012-10-17', Statement: statements };
}
