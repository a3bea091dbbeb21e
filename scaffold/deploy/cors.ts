import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule, type S3Client } from '@aws-sdk/client-s3';
import { shellWord } from '../cli/paths.ts';
import { awsErrorName, explainAwsError, isAccessDenied } from './aws-errors.ts';
import type { CorsNeed } from './cors-need.ts';
import { withRetry, type Sleep } from './retry.ts';

/**
 * The input buckets' CORS rule (reference §3.6, DG-CORS): the crowd image tools load each picture
 * in the worker's browser with a CORS request, and a task whose bucket allows no GET from `*` fails
 * to open. Plain `<img>`, `<video>`, `<audio>` and frames load without CORS unless they carry a
 * `crossorigin` attribute, so text, video and free-text templates need no rule. gtkit reads the
 * task's own template (one file: the engine has no include) rather than its type, so a custom
 * template that adds an image tool is covered and a text task is left alone.
 */

/** The rule the reference gives. Its ID lets a reader of the bucket's configuration see where it came from. */
export const groundTruthCorsRule: CORSRule = { ID: 'gtkit-ground-truth-workers', AllowedMethods: ['GET'], AllowedOrigins: ['*'], ExposeHeaders: ['Access-Control-Allow-Origin'] };

/** S3's limit on the rules of one bucket's CORS configuration. */
const maxCorsRules = 100;

/** Whether a rule lets any origin's page GET the objects (the worker portal's origin is not documented). */
export function allowsGetFromAnyOrigin(rule: CORSRule): boolean {
  return (rule.AllowedMethods ?? []).includes('GET') && (rule.AllowedOrigins ?? []).some((o) => o === '*' || o === 'https://*');
}

/** The `aws s3api get-bucket-cors` line that prints a bucket's CORS rules. */
export function getBucketCorsCommand(bucket: string, region: string): string {
  return `aws s3api get-bucket-cors --bucket ${shellWord(bucket)} --region ${shellWord(region)}`;
}

/** The `aws s3api put-bucket-cors` line that sets gtkit's rule, for a bucket without rules of its own. */
export function putBucketCorsCommand(bucket: string, region: string): string {
  return `aws s3api put-bucket-cors --bucket ${shellWord(bucket)} --region ${shellWord(region)} --cors-configuration ${shellWord(JSON.stringify({ CORSRules: [ruleWithoutId()] }))}`;
}

/** What a deploy found, or did, for one bucket. */
export interface BucketCors {
  bucket: string;
  /** `present`: a rule allows GET from `*`; `missing`: none does; `added`: gtkit added it; `unchecked`: the configuration could not be read. */
  status: 'present' | 'missing' | 'added' | 'unchecked';
  /** One sentence: which rule, or what is wrong and what to do. */
  detail: string;
  /** The permission whose absence kept gtkit from checking or adding. */
  missingPermission?: { action: 's3:GetBucketCORS' | 's3:PutBucketCORS'; resource: string };
}

export interface CorsCheckOptions {
  region: string;
  partition: string;
  /** Add gtkit's rule where none allows GET from `*` (`--add-cors-rule`). */
  add: boolean;
  sleep?: Sleep;
  progress?: (line: string) => void;
  warn?: (line: string) => void;
}

/** The flag that adds the rule: named in the warnings. */
export const addCorsRuleFlag = '--add-cors-rule';

/**
 * Reads each bucket's CORS configuration and says whether Ground Truth's workers can load its
 * objects. With `add`, a bucket without such a rule gets gtkit's, after the rules it has:
 * PutBucketCors replaces the whole configuration, so they are sent back as read. A bucket that
 * cannot be read or changed is a warning, never a failed deploy: the functions are what a deploy
 * is for.
 */
export async function checkCorsRules(s3: S3Client, need: CorsNeed, options: CorsCheckOptions): Promise<BucketCors[]> {
  const results: BucketCors[] = [];
  for (const bucket of need.buckets) {
    const result = await checkBucket(s3, bucket, need.user, options);
    if (result.status === 'present' || result.status === 'added') options.progress?.(`  s3://${bucket}: ${result.detail}`);
    else options.warn?.(result.detail);
    results.push(result);
  }
  return results;
}

async function checkBucket(s3: S3Client, bucket: string, user: string, options: CorsCheckOptions): Promise<BucketCors> {
  const resource = `arn:${options.partition}:s3:::${bucket}`;
  const retry = options.sleep ? { sleep: options.sleep } : {};
  const why = `the template's ${user} loads each object in the worker's browser, which works only from a bucket whose CORS rules allow GET from *: without one, tasks fail to open (Ground Truth's CORS requirement)`;
  let rules: CORSRule[];
  try {
    rules = (await withRetry(() => s3.send(new GetBucketCorsCommand({ Bucket: bucket })), retry)).CORSRules ?? [];
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchCORSConfiguration') rules = [];
    else return unchecked(bucket, error, { doing: `reading the CORS rules of s3://${bucket}`, action: 's3:GetBucketCORS', resource }, `gtkit could not check the bucket's CORS rules, and ${why}`);
  }
  const index = rules.findIndex(allowsGetFromAnyOrigin);
  if (index >= 0) return { bucket, status: 'present', detail: `CORS rule ${rules[index]?.ID ? JSON.stringify(rules[index]?.ID) : index + 1} allows GET from any origin` };
  const has = rules.length === 0 ? 'has no CORS configuration' : `has ${rules.length} CORS rule(s), none allowing GET from *`;
  if (!options.add) {
    const yourself = rules.length === 0 ? putBucketCorsCommand(bucket, options.region) : `${getBucketCorsCommand(bucket, options.region)}, then put-bucket-cors with its rules and ${JSON.stringify(ruleWithoutId())} (put-bucket-cors replaces them all)`;
    return { bucket, status: 'missing', detail: `s3://${bucket} ${has}, and ${why}. Deploy with ${addCorsRuleFlag} to add the rule (the bucket's own rules are kept), or add it yourself: ${yourself}` };
  }
  if (rules.length >= maxCorsRules) {
    return { bucket, status: 'missing', detail: `s3://${bucket} ${has}, and ${why}. ${addCorsRuleFlag} added nothing: the bucket has S3's limit of ${maxCorsRules} rules; remove one, or add GET from * to an existing rule` };
  }
  try {
    await withRetry(() => s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [...rules, groundTruthCorsRule] } })), retry);
  } catch (error) {
    const failed = unchecked(bucket, error, { doing: `adding the CORS rule to s3://${bucket}`, action: 's3:PutBucketCORS', resource }, `s3://${bucket} ${has.replace(/^has/, 'still has')}, and ${why}`);
    return { ...failed, status: 'missing' };
  }
  return { bucket, status: 'added', detail: `added the CORS rule ${JSON.stringify(groundTruthCorsRule.ID)} (GET from *)${rules.length > 0 ? `, after the bucket's ${rules.length} rule(s), kept as they were` : ''}` };
}

/** The rule as the AWS CLI lines print it: short enough to read in a warning. */
function ruleWithoutId(): CORSRule {
  const { ID: _id, ...rule } = groundTruthCorsRule;
  return rule;
}

/** A call that failed: the explained error, what it means for the workers, and the permission when access was denied. */
function unchecked(bucket: string, error: unknown, step: { doing: string; action: 's3:GetBucketCORS' | 's3:PutBucketCORS'; resource: string }, consequence: string): BucketCors {
  // A bucket that is not there is the manifest's problem, not the CORS rule's.
  const detail = awsErrorName(error) === 'NoSuchBucket' ? `${step.doing}: the bucket does not exist, yet the manifest names objects in it: create it in the job's Region, or fix the manifest` : `${explainAwsError(error, step).replace(/\.$/, '')}; ${consequence}`;
  return {
    bucket,
    status: 'unchecked',
    detail,
    ...(isAccessDenied(error) ? { missingPermission: { action: step.action, resource: step.resource } } : {}),
  };
}
