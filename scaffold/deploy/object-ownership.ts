import { jobNameProblem } from './names.ts';
import { DeployError } from './step.ts';
import { accountMetadataKey, jobMetadataKey, type ObjectJob, type RecordedJob } from './stored-object.ts';

/**
 * Whose a task file on S3 is, before `gtkit deploy` replaces it. The keys of the template, the
 * label categories and the manifest come from `s3.prefix` alone, so two jobs given the same prefix
 * (a folder copied for a second job with a new jobName and nothing else changed) share them, and
 * the second deploy would replace the first job's files without a word. Every task file gtkit
 * uploads records its job in its metadata (`stored-object.ts`), read from the answer to the
 * HeadObject deploy makes anyway; a file recorded for another job is not replaced unless the user
 * says so. The region needs no record: a job's files must be in its Region, so the bucket fixes it.
 */

/** The flag that lets a deploy replace task files gtkit uploaded for another job. */
export const overwriteObjectsFlag = '--overwrite-objects';

/** The other job a task file was uploaded for: its name, its account when recorded, and what gtkit saw, in words. */
export interface OtherJob {
  jobName: string;
  account?: string;
  why: string;
}

/**
 * The other job the job recorded on an object (`recorded`, undefined when HeadObject found none)
 * names, or undefined when the object is not another job's: not on S3, no job recorded (put there
 * by hand, or by a gtkit before it recorded jobs), or recorded for this job. The same name in
 * another account is another job (a job is named within its account; buckets can be shared across
 * accounts). The account is compared only when both sides know it: a dry run, which asks STS
 * nothing, knows only the name.
 */
export function otherJobOf(recorded: RecordedJob | undefined, job: ObjectJob): OtherJob | undefined {
  if (recorded?.jobName === undefined) return undefined;
  const { jobName, account } = recorded;
  const where = account !== undefined ? { account } : {};
  if (jobName !== job.jobName) {
    return { jobName, ...where, why: `gtkit deploy uploaded it for the job ${shownRecordedValue(jobName)} (its ${jobMetadataKey} metadata), not for ${job.jobName}` };
  }
  if (account !== undefined && job.account !== undefined && account !== job.account) {
    return {
      jobName,
      ...where,
      why: `gtkit deploy uploaded it for the job ${job.jobName} in account ${shownRecordedValue(account)} (its ${jobMetadataKey} and ${accountMetadataKey} metadata), and this deploy is for the job of that name in ${job.account}`,
    };
  }
  return undefined;
}

/** A recorded job name as a message shows it: as it is when it could be a job name, quoted and cut short otherwise (metadata is anyone's to write). */
export function shownRecordedValue(value: string): string {
  if (jobNameProblem({ jobName: value }).length === 0 || /^\d{12}$/.test(value)) return value;
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** The prefix the refusal suggests: a folder per job, below the team's own prefix so bucket policies written for it still apply. */
export function prefixPerJob(prefix: string, jobName: string): string {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return base === '' ? jobName : `${base}/${jobName}`;
}

/** A task file a deploy stops at (or, with `--overwrite-objects`, replaces): what, where, and whose (the job its metadata names, and its account when recorded). */
export interface ObjectOfAnotherJob extends OtherJob {
  /** What the file is, in words (`the input manifest`). */
  what: string;
  uri: string;
}

/** Where a task file of another job is, what it is, and whose: `<uri> holds <what>, and <why>`. */
export function whatItHolds(object: ObjectOfAnotherJob): string {
  return `${object.uri} holds ${object.what}, and ${object.why}`;
}

/** One line of a refusal, under the config file: the field that made the key, the object, whose it is. */
export function refusalLine(object: ObjectOfAnotherJob): string {
  return `  s3.prefix: ${whatItHolds(object)}`;
}

/**
 * What to do about task files of another job, as every message about them says it: a prefix per
 * job, or the flag, which would `outcome` (e.g. "replace them with this job's").
 */
export function prefixAdvice(prefix: string, jobName: string, outcome: string): string {
  return `give each job an s3.prefix of its own (e.g. ${JSON.stringify(prefixPerJob(prefix, jobName))}), or deploy with ${overwriteObjectsFlag} to ${outcome}`;
}

/** What a deploy stops at, of one kind (functions, task files): a line each, why it matters, what to do. */
export interface RefusalPart {
  lines: string[];
  why: string;
  fix: string;
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The refusal of other jobs' task files. */
export function objectRefusalPart(objects: ObjectOfAnotherJob[], prefix: string, jobName: string): RefusalPart {
  return {
    lines: objects.map(refusalLine),
    why: "A labeling job reads its files from there: that job, if still running or run again, would read this job's instead.",
    fix: `${capitalised(prefixAdvice(prefix, jobName, "replace them with this job's"))}.`,
  };
}

/** One message for everything a deploy stops at, under the config file, saying once that nothing was changed. */
export function refusalMessage(configFile: string, parts: RefusalPart[]): string {
  return `${configFile}:\n${parts.flatMap((p) => p.lines).join('\n')}\n${parts.map((p) => p.why).join(' ')} Nothing was changed. ${parts.map((p) => p.fix).join(' ')}`;
}

/**
 * A deploy that stopped before any change because a function or a task file is not recognisably
 * this job's. `objects` lists the task files refused, for `--json`.
 */
export class OwnershipRefusal extends DeployError {
  readonly objects: ObjectOfAnotherJob[];

  constructor(message: string, objects: ObjectOfAnotherJob[]) {
    super(message);
    this.name = 'OwnershipRefusal';
    this.objects = objects;
  }
}
