import { listText } from '../../lambdas/contracts/list-text.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { shownPath } from '../cli/paths.ts';
import { configFieldPlace, type SourcePlace } from '../config/config-field-place.ts';
import { configSource } from '../config/config-findings.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { labelAttributeSuffixProblems } from '../job/validate-request.ts';
import { lineList } from './line-list.ts';
import type { ManifestLine } from './manifest.ts';

/**
 * The manifest already holds the job's label attribute (or its `-metadata`) on some lines, so
 * the job's output would replace what is there (reference §2.4: the ACS's content is written
 * under that key). One finding for the whole manifest, about `labelAttributeName`.
 */
export interface LabelAttributeClash {
  /**
   * `error` when the lines hold another job's labels (their `-metadata` names another
   * `job-name`): a job fed another job's output needs its own name, as Ground Truth requires of
   * its own adjustment and verification jobs (reference §7.1). `warning` otherwise: the keys
   * may be stale, or this job's own earlier output.
   */
  severity: 'error' | 'warning';
  /** What is wrong: the attribute, the manifest, how many lines and the first of them; no place. */
  message: string;
  /** What to do. */
  fix: string;
}

/** What the clash is worded with: the job's names and the files as messages show them. */
interface ClashContext {
  labelAttributeName: string;
  jobName: string;
  /** The task type, whose label attribute rules (validate-request.ts) a suggested name must meet. */
  type: LoadedTask['config']['type'];
  /** The manifest, as messages name it. */
  manifest: string;
  /** The task config, as messages name it. */
  configFile: string;
}

/**
 * {@link labelAttributeClash} for a task folder's manifest lines, worded with its config's names
 * and files, with `place`: where `labelAttributeName` is in the config file (line and column), as
 * lint and the dry run show the finding.
 */
export function taskLabelAttributeClash(task: Pick<LoadedTask, 'config' | 'configFile' | 'paths'>, lines: readonly ManifestLine[]): (LabelAttributeClash & { place: SourcePlace }) | undefined {
  const { labelAttributeName, jobName, type } = task.config;
  const clash = labelAttributeClash(lines, { labelAttributeName, jobName, type, manifest: shownPath(task.paths.manifest), configFile: shownPath(task.configFile) });
  return clash && { ...clash, place: configFieldPlace(configSource(task.configFile), 'labelAttributeName') };
}

/** Jobs named in a message before the rest are counted. */
const namedJobs = 3;

/**
 * Whether the manifest lines already hold the job's label attribute, and what to say: undefined
 * when none does. A line's `<attr>-metadata` with a `job-name` (as Ground Truth and gtkit write
 * it, sometimes `labeling-job/<name>`) other than this job's marks the value as another job's
 * labels; job names are compared without case, as Ground Truth keeps them unique.
 */
function labelAttributeClash(lines: readonly ManifestLine[], context: ClashContext): LabelAttributeClash | undefined {
  const attr = context.labelAttributeName;
  const metadataKey = `${attr}-metadata`;
  const lineNumbers: number[] = [];
  const otherJobs = new Set<string>();
  let withValue = false;
  let withMetadata = false;
  for (const line of lines) {
    const hasValue = Object.hasOwn(line.dataObject, attr);
    const metadata = getOwn(line.dataObject, metadataKey);
    if (!hasValue && metadata === undefined) continue;
    lineNumbers.push(line.lineNumber);
    withValue ||= hasValue;
    withMetadata ||= metadata !== undefined;
    const job = plainJobName(metadata);
    if (job !== undefined && job.toLowerCase() !== context.jobName.toLowerCase()) otherJobs.add(job);
  }
  if (lineNumbers.length === 0) return undefined;
  const n = lineNumbers.length;
  const where = `${n} line${n === 1 ? '' : 's'} of ${context.manifest} (${lineList(lineNumbers)})`;
  const rename = `set another labelAttributeName in ${context.configFile} (now "${attr}"${suggestedName(lines, context)})`;
  if (otherJobs.size > 0) {
    const jobs = listText([...otherJobs], namedJobs);
    return {
      severity: 'error',
      message: `"${attr}" is the label attribute of ${otherJobs.size === 1 ? 'the earlier job' : 'the earlier jobs'} ${jobs} in ${where}, and this job's output would replace those labels`,
      fix: `${rename}: a job fed another job's output needs a label attribute of its own (Ground Truth requires it of its own adjustment and verification jobs), and the earlier labels then stay in each output line beside this job's`,
    };
  }
  const keys = [withValue && `"${attr}"`, withMetadata && `"${metadataKey}"`].filter(Boolean).join(' and ');
  // Without metadata the value is a field of the data, not a label: say it as that.
  const held = withMetadata ? `${n === 1 ? 'holds' : 'hold'} ${keys}` : `${n === 1 ? 'has' : 'have'} a field "${attr}"`;
  return {
    severity: 'warning',
    message: `${where} already ${held}, which this job's output replaces${withMetadata ? '' : ' with its label'}`,
    fix: withMetadata ? `${rename} to keep those labels, or remove those keys from the lines if they are stale` : `${rename} to keep that field, or rename the field in the manifest`,
  };
}

/** The job a label's metadata names (`job-name`, without the `labeling-job/` some built-in outputs put before it), if it names one. */
export function plainJobName(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const name = getOwn(metadata as Record<string, unknown>, 'job-name');
  if (typeof name !== 'string' || name === '') return undefined;
  return name.replace(/^labeling-job\//, '');
}

/**
 * `; say "<jobName>"` when the job's name is free on every line and a label attribute the job
 * request takes: Ground Truth's console uses the job name as the label attribute by default
 * (reference §7.1). Empty when it is taken too.
 */
function suggestedName(lines: readonly ManifestLine[], context: ClashContext): string {
  const name = context.jobName;
  if (name === context.labelAttributeName || labelAttributeSuffixProblems(name, context.type).length > 0) return '';
  const taken = lines.some((line) => Object.hasOwn(line.dataObject, name) || Object.hasOwn(line.dataObject, `${name}-metadata`));
  return taken ? '' : `; say "${name}"`;
}
