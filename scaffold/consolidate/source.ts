import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { explainAwsError } from '../deploy/aws-errors.ts';
import { s3Refusal } from '../commands/s3-refusal.ts';

/** What to give as the source, said when the source is what is wrong. */
export const whereTheResponsesAre = 'give the folder (or s3:// prefix) that holds annotations/worker-response/, i.e. <S3OutputPath>/<job-name>/';

/** A local source that is not there, or is a file, is a wrong command line (exit code 2), as a missing task folder is for the other verbs. */
export async function checkSourceFolder(source: string): Promise<void> {
  const found = await stat(source).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (found instanceof Error) {
    // Any other refusal (permission denied on a folder above) is for the listing to name.
    if (found.code === 'ENOENT' || found.code === 'ENOTDIR') throw new UsageError(`${source}: no such folder; ${whereTheResponsesAre}`);
    return;
  }
  if (!found.isDirectory()) throw new UsageError(`${source}: is a file, not a folder; ${whereTheResponsesAre}`);
}

/** S3 turned the listing away (no or bad credentials, access denied), in deploy's words, with what to do instead; undefined for any other error. */
export function s3ListingRefused(error: unknown, source: string, endpoint: string | undefined): string | undefined {
  const refused = s3Refusal(error, { noSuchBucket: false });
  if (refused === undefined) return undefined;
  const { bucket } = parseS3Uri(source);
  return explainAwsError(refused, {
    doing: `listing the worker responses under ${source}${endpoint ? ` with --s3-endpoint ${endpoint}` : ''}`,
    action: 's3:ListBucket',
    resource: `arn:aws:s3:::${bucket}`,
    withoutAws: endpoint ? "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the server's key" : "give a local copy of the job's folder instead (aws s3 sync where AWS works)",
    again: 'run gtkit consolidate again',
  });
}

/** The job's name as its folder names it (`<S3OutputPath>/<job-name>/`), for the lines' `job-name`; "replay" when the source names none. */
export function jobNameOf(source: string): string {
  const folder = source.replace(/\/+$/, '').replace(/(?:^|\/)annotations(?:\/worker-response)?$/, '');
  const name = folder.startsWith('s3://') ? (folder.slice('s3://'.length).split('/').slice(1).pop() ?? '') : basename(resolve(folder));
  return name === '' ? 'replay' : name;
}
