import type { GetFunctionCommandOutput } from '@aws-sdk/client-lambda';

/**
 * Whose a function of the configured name is, before `gtkit deploy` replaces its code and
 * settings. gtkit recognises its own two ways: the task's deploy state records the function (this
 * folder deployed it, or was told to take it over), or the function carries the tags gtkit
 * creates every function with, naming this job. Anything else may be another team's or a
 * hand-made function, and is not overwritten unless the user says so.
 */

/** Tags gtkit puts on what it creates, by deploy and by the CloudFormation template alike. */
export function gtkitTags(jobName: string): Record<string, string> {
  return { 'created-by': 'gtkit', 'gtkit-job': jobName };
}

/** Tags as IAM and CloudFormation take them: `[{ Key, Value }]`. */
export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The flag that lets a deploy overwrite a function gtkit cannot recognise. */
export const overwriteFunctionsFlag = '--overwrite-functions';

/** CloudFormation tags every resource of a stack with its name. */
const stackNameTag = 'aws:cloudformation:stack-name';

export type FunctionOwnership =
  /** No function of that name yet: it will be created. */
  | { kind: 'absent' }
  /** This task's: recorded by its deploy state, or tagged by gtkit for this job. */
  | { kind: 'own'; madeForJob?: string; stack?: string }
  /**
   * Not recognisably this task's; `why` says what gtkit saw. `earlierGtkit`: tagged created-by=gtkit
   * with no gtkit-job tag, as every gtkit before the job tag tagged what it made.
   */
  | { kind: 'unrecognised'; why: string; earlierGtkit?: true };

/**
 * What GetFunction's answer says about a function's owner. `recorded`: the deploy state records
 * a function of this name in this account and Region. `madeForJob` is the job a gtkit tag names
 * when it is not this one (the team's earlier job from the same folder, or a copied folder);
 * `stack`, the CloudFormation stack the function belongs to.
 */
export function functionOwnership(found: Pick<GetFunctionCommandOutput, 'Tags' | 'TagsError'> | undefined, recorded: boolean, jobName: string): FunctionOwnership {
  if (found === undefined) return { kind: 'absent' };
  const owner = ownershipByTags(found.Tags ?? {}, recorded, jobName);
  if (owner.kind !== 'unrecognised' || found.Tags?.['created-by'] === 'gtkit') return owner;
  // Lambda returns tags only to callers allowed lambda:ListTags; without it "no tags" proves nothing.
  if (found.TagsError) return { kind: 'unrecognised', why: `Lambda did not return its tags (${found.TagsError.ErrorCode ?? 'error'}: ${found.TagsError.Message ?? 'no message'}); allow lambda:ListTags on it so gtkit can read them` };
  if (found.Tags === undefined) return { kind: 'unrecognised', why: 'Lambda returned no tags for it (none, or your credentials lack lambda:ListTags, which gtkit needs to read them)' };
  return owner;
}

/**
 * Whose a resource that exists is, by its tags (as a name → value record) and whether the deploy
 * state records it: the rule gtkit applies to functions and to the roles `--create-roles` would
 * rewrite alike.
 */
export function ownershipByTags(tags: Readonly<Record<string, string>>, recorded: boolean, jobName: string): Exclude<FunctionOwnership, { kind: 'absent' }> {
  const byGtkit = tags['created-by'] === 'gtkit';
  const taggedJob = byGtkit ? tags['gtkit-job'] : undefined;
  const stack = tags[stackNameTag];
  const extra = { ...(taggedJob !== undefined && taggedJob !== jobName ? { madeForJob: taggedJob } : {}), ...(stack ? { stack } : {}) };
  if (recorded || (byGtkit && taggedJob === jobName)) return { kind: 'own', ...extra };
  if (taggedJob !== undefined) return { kind: 'unrecognised', why: `gtkit made it for the job ${taggedJob} (its gtkit-job tag), not for ${jobName}` };
  if (byGtkit) return { kind: 'unrecognised', why: 'its created-by=gtkit tag names no job (no gtkit-job tag)', earlierGtkit: true };
  return { kind: 'unrecognised', why: 'its tags do not say created-by=gtkit' };
}
