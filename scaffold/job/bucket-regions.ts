import { andList } from '../../lambdas/contracts/list-text.ts';
import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { GetBucketLocationCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsErrorName, explainAwsError, httpStatusOf, isAccessDenied, isCredentialFailure } from '../deploy/aws-errors.ts';
import { networkFailures } from '../deploy/network-failures.ts';
import { withRetry, type Sleep } from '../deploy/retry.ts';
import { partitionOf } from './aws-place.ts';
import { bucketNameProblem, s3UriBucket } from './bucket-name.ts';
import type { ManifestData } from './data-access.ts';
import { regionProblem } from './region.ts';
import { outputPathField, uploadPaths } from './request-paths.ts';
import type { JobProblem } from './validate-request.ts';

/**
 * The Region check of the job's buckets, made just before `gtkit job --create` sends the request
 * (reference §8: the manifest and the data must be in the job's Region, for a streaming job the
 * data in the folders `streaming.dataPrefixes` names; the output and the task's files are read and
 * written from it too). Offline, an `s3://` URI does not say where its bucket
 * is; S3's GetBucketLocation does, one call per bucket. A bucket elsewhere, or one that does not
 * exist, is an error and nothing is sent. A bucket gtkit may not ask about (access denied), or
 * S3 out of reach, is a warning: the check is skipped, never the job.
 */

/**
 * The Region of a GetBucketLocation answer. S3 answers a bucket of us-east-1 with an empty
 * LocationConstraint (null in the API reference; an empty element on the wire, which the SDK gives
 * as undefined or ""), and the oldest buckets of eu-west-1 with the legacy "EU". Undefined for an
 * answer that is not a Region code.
 */
export function regionOfLocationConstraint(constraint: string | null | undefined): string | undefined {
  if (constraint === undefined || constraint === null || constraint.trim() === '') return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return regionProblem(constraint) === undefined ? constraint : undefined;
}

/** What the job keeps in a bucket, and how to move it to the job's Region. */
interface BucketUse {
  /** The request field (for data objects, the manifest's). */
  path: string;
  what: string;
  fix: (region: string) => string;
}

const moveTaskFiles = (region: string) => `set s3.bucket to a bucket in ${region} and run gtkit deploy (it uploads the task's files there)`;

/** What the job reads beyond the task's own files, as far as gtkit knows it. */
export interface JobData {
  /** The buckets of the objects the manifest names, for a job that sends the manifest. */
  manifest?: Pick<ManifestData, 'file' | 'buckets'> | undefined;
  /** A streaming job's `streaming.dataPrefixes`, as folders: its objects come through the topic from there. */
  streamedFolders?: readonly string[];
}

/**
 * The buckets the request and the job's data name, each with its uses, in the order the request
 * names them (the data last). Names S3 would refuse are left out: the offline checks and gtkit
 * lint report them.
 */
export function bucketsOfJob(request: CreateLabelingJobCommandInput, data: JobData): Map<string, BucketUse[]> {
  const buckets = new Map<string, BucketUse[]>();
  const add = (bucket: string | undefined, use: BucketUse) => {
    if (bucket === undefined || bucketNameProblem(bucket) !== undefined) return;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), use]);
  };
  const source = request.InputConfig?.DataSource;
  const manifestUri = source?.S3DataSource?.ManifestS3Uri;
  const uri = (value: string | undefined) => (value === undefined ? undefined : s3UriBucket(value));
  add(uri(manifestUri), { path: uploadPaths.manifest, what: 'the manifest', fix: moveTaskFiles });
  add(uri(request.HumanTaskConfig?.UiConfig?.UiTemplateS3Uri), { path: uploadPaths.template, what: 'the template', fix: moveTaskFiles });
  add(uri(request.LabelCategoryConfigS3Uri), { path: uploadPaths.labelCategories, what: 'the label-category file', fix: moveTaskFiles });
  add(uri(request.OutputConfig?.S3OutputPath), { path: outputPathField, what: 'the output', fix: (region) => `set s3.outputPath to a location in a bucket of ${region} (or leave it out: it follows s3.bucket)` });
  // A streaming job's objects come through its topic; the local manifest's lines are only samples then.
  const { manifest } = data;
  if (manifestUri !== undefined && manifest) {
    for (const bucket of manifest.buckets) {
      add(bucket, {
        path: uploadPaths.manifest,
        what: `objects ${manifest.file} names`,
        fix: (region) => `copy the objects to a bucket in ${region} and point the lines of ${manifest.file} at it (gtkit deploy --upload-data uploads local copies)`,
      });
    }
  }
  // Its objects lie where streaming.dataPrefixes says, and Ground Truth reads them only in the job's Region as a manifest's.
  const topic = source?.SnsDataSource?.SnsTopicArn;
  if (topic !== undefined) {
    for (const [bucket, folders] of foldersByBucket(data.streamedFolders ?? [])) {
      add(bucket, {
        path: 'streaming.dataPrefixes',
        what: `the streamed objects under ${andList(folders)}`,
        fix: (region) => `keep the objects sent to ${topic} in a bucket of ${region} and set streaming.dataPrefixes to their folders there`,
      });
    }
  }
  return buckets;
}

/** The folders of each bucket, in the order given; a folder whose bucket cannot be read from it is left out (the offline checks name it). */
function foldersByBucket(folders: readonly string[]): Map<string, string[]> {
  const byBucket = new Map<string, string[]>();
  for (const folder of folders) {
    const bucket = s3UriBucket(folder);
    if (bucket !== undefined) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), folder]);
  }
  return byBucket;
}

const elsewhereReason = "Ground Truth reads the manifest, the data and the task's files and writes the output only in the job's Region";

export interface BucketRegionOptions {
  /** The job's Region. */
  region: string;
  sleep?: Sleep;
  /** Buckets asked about at most; the rest are counted in a warning. */
  maxBuckets?: number;
}

/** Errors that say nothing about one bucket: S3 is out of reach, or the credentials do not work. Asking about the next bucket would only meet them again. */
const endsTheCheck = (error: unknown) => isCredentialFailure(error) || Object.hasOwn(networkFailures, awsErrorName(error));

/**
 * The Region S3 names in an error about a bucket of another Region (a redirect, or a request
 * signed for the wrong Region): its `x-amz-bucket-region` header or the `Region` of its body.
 */
function regionOfError(error: unknown): string | undefined {
  const e = error as { Region?: unknown; $response?: { headers?: Record<string, unknown> } } | null;
  const named = e?.$response?.headers?.['x-amz-bucket-region'] ?? e?.Region;
  return typeof named === 'string' && regionProblem(named) === undefined ? named : undefined;
}

/**
 * Asks S3 where each of the job's buckets is and returns the problems: an error for each bucket
 * outside the job's Region or missing, a warning for each that could not be checked.
 */
export async function bucketRegionProblems(s3: S3Client, request: CreateLabelingJobCommandInput, data: JobData, options: BucketRegionOptions): Promise<JobProblem[]> {
  const { region } = options;
  const partition = partitionOf(region);
  const all = [...bucketsOfJob(request, data)];
  const asked = all.slice(0, options.maxBuckets ?? 50);
  const problems: JobProblem[] = [];
  const denied: string[] = [];
  for (const [index, [bucket, uses]] of asked.entries()) {
    const held = describeUses(uses);
    let located: string | undefined;
    try {
      const answer = await withRetry(() => s3.send(new GetBucketLocationCommand({ Bucket: bucket })), { attempts: 3, ...(options.sleep ? { sleep: options.sleep } : {}) });
      located = regionOfLocationConstraint(answer.LocationConstraint);
      if (located === undefined) {
        problems.push({ severity: 'warning', path: firstPath(uses), message: `S3 answered GetBucketLocation for s3://${bucket} (${held}) with ${JSON.stringify(answer.LocationConstraint)}, which is not a Region code: its Region was not checked`, fix: `check that s3://${bucket} is in ${region}: aws s3api get-bucket-location --bucket ${bucket}` });
        continue;
      }
    } catch (error) {
      located = regionOfError(error);
      if (located === undefined) {
        if (awsErrorName(error) === 'NoSuchBucket') {
          problems.push({ severity: 'error', path: firstPath(uses), message: `s3://${bucket} (${held}) does not exist`, fix: `create the bucket in ${region}, or ${fixesOf(uses, region).join('; or ')}` });
        } else if (httpStatusOf(error) === 301) {
          // S3 redirects a request made in the job's Region for a bucket of another; a proxy may have dropped the header that names it.
          problems.push({
            severity: 'error',
            path: firstPath(uses),
            message: `s3://${bucket} (${held}) is not in ${region}: S3 answered 301 (PermanentRedirect, a bucket of another Region) without naming its Region: ${elsewhereReason}`,
            fix: `${fixesOf(uses, region).join('; ')}; or set region to the bucket's (aws s3api get-bucket-location --bucket ${bucket}) and deploy there`,
          });
        } else if (isAccessDenied(error)) {
          denied.push(bucket);
        } else {
          const skipped = endsTheCheck(error) ? asked.slice(index).map(([b]) => `s3://${b}`) : [`s3://${bucket}`];
          problems.push({
            severity: 'warning',
            path: 'region',
            message: `${explainAwsError(error, { doing: `checking the Region of s3://${bucket} (s3:GetBucketLocation)`, action: 's3:GetBucketLocation', resource: `arn:${partition}:s3:::${bucket}`, again: 'run gtkit job --create again' }).replace(/\.$/, '')}; the Region check of ${skipped.join(', ')} was skipped`,
            fix: `check yourself that ${skipped.length === 1 ? 'the bucket is' : 'the buckets are'} in ${region} (aws s3api get-bucket-location --bucket <name>): CreateLabelingJob does not say so, the job fails later`,
          });
          if (endsTheCheck(error)) break;
        }
        continue;
      }
    }
    if (located !== region) {
      problems.push({
        severity: 'error',
        path: firstPath(uses),
        message: `s3://${bucket} (${held}) is in ${located}, the job in ${region}: ${elsewhereReason}`,
        fix: `${fixesOf(uses, region).join('; ')}; or set region to ${located} (and deploy there)`,
      });
    }
  }
  if (denied.length > 0) {
    const statement = { Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: denied.map((b) => `arn:${partition}:s3:::${b}`) };
    problems.push({
      severity: 'warning',
      path: 'region',
      message: `access denied to s3:GetBucketLocation on ${denied.map((b) => `s3://${b}`).join(', ')}: the Region check of ${denied.length === 1 ? 'that bucket' : 'those buckets'} was skipped`,
      fix: `add to an IAM policy of your credentials: ${JSON.stringify(statement)} (a bucket of another account answers it only from its own Region: ask its owner where it is); it must be in ${region}`,
    });
  }
  const unasked = all.length - asked.length;
  if (unasked > 0) {
    problems.push({ severity: 'warning', path: firstPath(all[asked.length]?.[1] ?? []), message: `the job names ${all.length} buckets; the Region of the first ${asked.length} was checked, not of the other ${unasked} (first: s3://${all[asked.length]?.[0]})`, fix: `check that they are in ${region} (aws s3api get-bucket-location --bucket <name>)` });
  }
  return problems;
}

/** Each use's fix once (a bucket holding the manifest and the template needs one move). */
function fixesOf(uses: BucketUse[], region: string): string[] {
  return [...new Set(uses.map((u) => u.fix(region)))];
}

function firstPath(uses: BucketUse[]): string {
  return uses[0]?.path ?? uploadPaths.manifest;
}

/** `the manifest, the template and objects data/manifest.jsonl names`. */
function describeUses(uses: BucketUse[]): string {
  const whats = uses.map((u) => u.what);
  return andList(whats);
}
