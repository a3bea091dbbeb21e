/**
 * S3's naming rules for general-purpose buckets (Amazon S3 User Guide, "General purpose bucket
 * naming rules"). CreateLabelingJob's own pattern only asks for `s3://<anything>/`, so a bucket
 * S3 would refuse passes it and the job fails later, when Ground Truth reads or writes there.
 */

/** Prefixes and suffixes S3 keeps for its own names (access point aliases, directory and table buckets, …). */
const reservedPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const reservedSuffixes = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/** What a valid name looks like, for the fix of a problem. */
export const bucketNameRule = '3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit';

/**
 * Why S3 would refuse `name` as a general-purpose bucket name (every reason, joined with "; "),
 * or undefined when it is a valid name.
 *
 * @example
 * bucketNameProblem('Bad_Bucket'); // 'it has characters S3 does not allow: "B", "_"'
 */
export function bucketNameProblem(name: string): string | undefined {
  const reasons: string[] = [];
  const length = [...name].length;
  if (length < 3 || length > 63) reasons.push(`it has ${length} characters; S3 allows 3 to 63`);
  const bad = [...new Set([...name].filter((c) => !/[a-z0-9.-]/.test(c)))];
  if (bad.length > 0) reasons.push(`it has characters S3 does not allow: ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
  // Only a dot or hyphen at an end is an edge problem; any other bad character was named above.
  if (/^[.-]|[.-]$/.test(name)) reasons.push('it must start and end with a lowercase letter or digit');
  if (name.includes('..')) reasons.push('it has two dots in a row');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) reasons.push('it is formatted like an IP address');
  for (const prefix of reservedPrefixes) if (name.startsWith(prefix)) reasons.push(`it starts with "${prefix}", which S3 reserves`);
  for (const suffix of reservedSuffixes) if (name.endsWith(suffix)) reasons.push(`it ends with "${suffix}", which S3 reserves`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The bucket of an `s3://bucket/key` URI, or undefined for any other form (https:// URLs, no bucket). */
export function s3UriBucket(uri: string): string | undefined {
  return /^s3:\/\/([^/]+)/.exec(uri)?.[1];
}
