import { ContractError } from '../../lambdas/contracts/errors.ts';
import { IssueCollector, badKeySegment, child, describeType, describeValue, isObject } from '../../lambdas/contracts/check.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { closest, suggestName } from '../../lambdas/contracts/suggest.ts';
import { checkConsolidationSettings } from '../../lambdas/task-types/consolidate.ts';
import { isTaskTypeName, taskTypeNames } from '../../lambdas/task-types/names.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import type { KeysOfUnion, LambdaSettings, TaskConfig } from './define-task.ts';
import { supportedRuntimes } from '../deploy/function-settings.ts';
import { defaultExportPath } from './field-path.ts';
import { s3FolderProblem } from './s3-folder.ts';
import { logRetentionProblem } from './log-retention.ts';
import { seedStateProblem } from '../../lambdas/handlers/seed-state-uri.ts';
import { stateFolderUnder } from '../../lambdas/handlers/acs-state.ts';
import { jobLocations } from '../job/locations.ts';
import { jobOutputLayout } from '../run/layout.ts';

/** The fields of a task config at the top level. */
export const taskConfigFields = allKeysOf<TaskConfig>()(['type', 'jobName', 'labelAttributeName', 'labels', 'region', 'roleArn', 'workforce', 'task', 's3', 'streaming', 'stoppingConditions', 'tags', 'lambdas', 'consolidation', 'files']);

/**
 * The fields each part of a task config may have (see `TaskConfig`). A config is loaded without
 * type checking, so a misspelt optional field (`maxConcurentTaskCount`) would otherwise be
 * ignored without a word.
 */
const knownKeys: Record<string, readonly string[]> = {
  '': taskConfigFields,
  workforce: allKeysOf<TaskConfig['workforce']>()(['kind', 'workteamArn', 'priceUsd', 'contentClassifiers']),
  task: allKeysOf<TaskConfig['task']>()(['title', 'description', 'keywords', 'workersPerObject', 'timeLimitSeconds', 'availabilityLifetimeSeconds', 'maxConcurrentTaskCount']),
  s3: allKeysOf<TaskConfig['s3']>()(['bucket', 'prefix', 'outputPath', 'kmsKeyId']),
  streaming: allKeysOf<NonNullable<TaskConfig['streaming']>>()(['inputTopicArn', 'outputTopicArn', 'dataPrefixes']),
  stoppingConditions: allKeysOf<NonNullable<TaskConfig['stoppingConditions']>>()(['maxHumanLabeledObjectCount', 'maxPercentageOfInputDatasetLabeled']),
  lambdas: allKeysOf<TaskConfig['lambdas']>()(['pre', 'acs', 'executionRoleArn', 'runtime', 'logRetentionDays']),
  'lambdas.pre': allKeysOf<LambdaSettings>()(['functionName', 'memoryMb', 'timeoutSeconds', 'arn']),
  'lambdas.acs': allKeysOf<LambdaSettings>()(['functionName', 'memoryMb', 'timeoutSeconds', 'arn']),
  consolidation: allKeysOf<TaskConfig['consolidation']>()(['algorithm', 'options', 'answerFields', 'keepFields', 'seedState']),
  files: allKeysOf<NonNullable<TaskConfig['files']>>()(['template', 'manifest', 'answers', 'pre', 'acs']),
};

/**
 * Why an S3 key prefix cannot be used as written, if it cannot: the tools join it into keys and
 * into local folder paths (`s3/<bucket>/<prefix>/…`), where `..` would climb out of the task
 * folder and empty segments would make keys that differ from the files `gtkit init` wrote.
 */
export function keyPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const example = 'e.g. "ticket-intent" or "jobs/ticket-intent"';
  if (prefix.startsWith('/') || prefix.endsWith('/')) return `write it without a leading or trailing "/" (${example}), got ${JSON.stringify(prefix)}`;
  if (badKeySegment(prefix) !== undefined) return `expected key segments separated by single "/", without "." or ".." (${example}), got ${JSON.stringify(prefix)}`;
  return undefined;
}

/**
 * A seed that is the job's own state folder starts nothing: the ACS reads a seed only when that
 * folder is empty. Said when the config's bucket, prefix and job name tell where that folder is.
 */
function ownSeedProblem(seed: string, config: Record<string, unknown>): string | undefined {
  const s3 = config.s3;
  if (typeof config.jobName !== 'string' || !isObject(s3) || typeof s3.bucket !== 'string' || typeof s3.prefix !== 'string' || (s3.outputPath !== undefined && typeof s3.outputPath !== 'string')) return undefined;
  // Where the job's ACS keeps it: the dry run's layout of the job's output, and the ACS's place under its annotations.
  const own = stateFolderUnder(jobOutputLayout(jobLocations({ s3: s3 as TaskConfig['s3'] }).outputPath, config.jobName).annotations);
  if (seed.replace(/\/+$/, '') !== own) return undefined;
  return `this is the job's own state folder (${own}/), which the ACS reads anyway; give the earlier job's, under its own job name`;
}

/** A list of exactly T's keys: the compiler rejects a name T lacks, and a list that misses one of T's (so this list cannot drift from the type). */
function allKeysOf<T>() {
  return <const K extends ReadonlyArray<KeysOfUnion<T>>>(keys: K & ([Exclude<KeysOfUnion<T>, K[number]>] extends [never] ? unknown : { missing: Exclude<KeysOfUnion<T>, K[number]> })): readonly string[] => keys as readonly string[];
}

const workforceKinds: readonly string[] = ['private', 'vendor', 'public'];

/** The shape of `streaming`, as messages show it (a guess such as `streaming: true` is told this). */
const streamingShape = '{ inputTopicArn: "arn:aws:sns:<region>:<account>:<topic>", outputTopicArn?: "…", dataPrefixes?: ["s3://<bucket>/<folder>/"] }';

/**
 * The `streaming` section: an object naming the input topic, an optional output topic, and the S3
 * folders streamed objects lie under. The ARNs' own form and Region are the job validator's.
 */
function checkStreaming(streaming: unknown, issues: IssueCollector): void {
  if (streaming === undefined) return;
  if (!isObject(streaming)) {
    issues.add('streaming', `expected ${streamingShape} for a job fed by an SNS topic (or leave it out for a job that labels the manifest), got ${typeof streaming === 'boolean' ? String(streaming) : describeValue(streaming)}`);
    return;
  }
  const topic = (field: 'inputTopicArn' | 'outputTopicArn', optional: boolean) => {
    const v = streaming[field];
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || v === '') issues.add(`streaming.${field}`, `${v === undefined ? 'is missing' : `expected an SNS topic ARN, got ${describeType(v)}`}: give the ARN of an SNS topic in the job's region, e.g. "arn:aws:sns:eu-west-1:111122223333:GroundTruth-${field === 'inputTopicArn' ? 'in' : 'out'}"`);
  };
  topic('inputTopicArn', false);
  topic('outputTopicArn', true);
  const prefixes = streaming.dataPrefixes;
  if (prefixes === undefined) return;
  if (!Array.isArray(prefixes)) {
    issues.add('streaming.dataPrefixes', `expected a list of S3 folders such as ["s3://my-bucket/incoming/"] (or leave it out), got ${describeType(prefixes)}`);
    return;
  }
  for (let i = 0; i < prefixes.length; i++) {
    const p: unknown = prefixes[i];
    if (typeof p !== 'string') issues.add(`streaming.dataPrefixes[${i}]`, `expected an S3 folder such as "s3://my-bucket/incoming/", got ${typeAt(prefixes, i)}`);
    else {
      const notFolder = s3FolderProblem(p);
      if (notFolder) issues.add(`streaming.dataPrefixes[${i}]`, notFolder);
    }
  }
}

/** `; did you mean "x"?` for a string that is a near miss (a typo, another case) of one of `known`, else nothing. */
function didYouMean(v: unknown, known: readonly string[]): string {
  if (typeof v !== 'string') return '';
  // The rule the --type flag uses too (task-type-flag), so the same slip gets the same suggestion.
  const near = suggestName(v, known);
  return near ? `; did you mean "${near}"?` : '';
}

/** The type of a list's item for a message; a hole of a sparse list (`[ , 'a']`) is named as such. */
function typeAt(list: readonly unknown[], i: number): string {
  return i in list ? describeType(list[i]) : 'an empty slot (two commas in a row?)';
}

/** Reports each key of `object` that is not in `keys`, with the known name it is a typo of, if any. */
function unknownKeys(object: Record<string, unknown>, path: string, keys: readonly string[], issues: IssueCollector): void {
  for (const key of Object.keys(object)) {
    if (keys.includes(key)) continue;
    const near = closest(key, keys);
    // child() quotes a key that is not a plain name, so the path still reads back (lint places each issue by it).
    issues.add(child(path, key), `not a field here${near ? `; did you mean "${near}"?` : `; known fields: ${keys.join(', ')}`}`);
  }
}

/**
 * Checks the shape of a task config loaded from `gtkit.config.ts` (types are erased at run
 * time, and a config may be plain JS). Service limits are checked later by the job validator;
 * here we make sure every field the tools read is there and of the right kind.
 */
export function validateTaskConfig(value: unknown, file: string): TaskConfig {
  const issues = new IssueCollector();
  if (!isObject(value)) {
    // Opened like every other config message, so a tool that shows the file apart (lint) drops it the same way.
    throw new ContractError(`task config ${file}`, [{ path: defaultExportPath, problem: `expected defineTask({...}), got ${describeType(value)}` }]);
  }
  const str = (path: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') issues.add(path, v === undefined ? 'is missing' : `expected a non-empty string, got ${describeType(v)}`);
  };
  const wholeNumber = (path: string, v: unknown, min: number, max: number, unit: string) => {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) issues.add(path, `expected a whole number of ${unit} from ${min} to ${max.toLocaleString('en-US')} (or leave it out), got ${typeof v === 'number' ? v : describeType(v)}`);
  };
  const num = (path: string, v: unknown, optional = false) => {
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) issues.add(path, v === undefined ? 'is missing' : `expected a number, got ${describeType(v)}`);
  };
  if (!isTaskTypeName(value.type)) issues.add('type', `expected one of ${taskTypeNames.join(', ')}, got ${describeValue(value.type)}${didYouMean(value.type, taskTypeNames)}`);
  str('jobName', value.jobName);
  str('labelAttributeName', value.labelAttributeName);
  // The data object's own fields: the output line would replace the object with its label.
  if (value.labelAttributeName === 'source' || value.labelAttributeName === 'source-ref') {
    issues.add('labelAttributeName', `"${value.labelAttributeName}" is the data object's own field in every manifest line, so the output would replace the object with its label; choose another name, e.g. "label"`);
  }
  str('region', value.region);
  str('roleArn', value.roleArn);
  if (!Array.isArray(value.labels)) issues.add('labels', `expected an array of labels, got ${describeType(value.labels)}`);
  else
    // Index loops, not forEach: a hole in a sparse array (`[, 'a']`) is a problem, not skipped.
    for (let i = 0; i < value.labels.length; i++) {
      const l: unknown = value.labels[i];
      if (typeof l === 'string') continue;
      if (isObject(l) && typeof l.label === 'string') {
        unknownKeys(l, `labels[${i}]`, ['label', 'shortDisplayName'], issues);
        continue;
      }
      issues.add(`labels[${i}]`, `expected a string or { label }, got ${typeAt(value.labels, i)}`);
    }
  const wf = value.workforce;
  if (!isObject(wf) || !workforceKinds.includes(String(wf.kind))) {
    const got = isObject(wf) ? `got ${describeValue(wf.kind)}${didYouMean(wf.kind, workforceKinds)}` : `workforce is ${describeType(wf)}`;
    issues.add('workforce.kind', `expected "private", "vendor" or "public", ${got}`);
  } else if (wf.kind === 'public') {
    num('workforce.priceUsd', wf.priceUsd);
    if (!Array.isArray(wf.contentClassifiers)) issues.add('workforce.contentClassifiers', 'expected an array');
  } else str('workforce.workteamArn', wf.workteamArn);
  const task = value.task;
  if (!isObject(task)) issues.add('task', 'is missing');
  else {
    str('task.title', task.title);
    str('task.description', task.description);
    // Optional, as TaskKeywords is: left out (or empty), the request carries none.
    if (Array.isArray(task.keywords))
      for (let i = 0; i < task.keywords.length; i++) {
        if (typeof task.keywords[i] !== 'string') issues.add(`task.keywords[${i}]`, `expected a string, got ${typeAt(task.keywords, i)}`);
      }
    else if (task.keywords !== undefined) issues.add('task.keywords', 'expected an array of strings (or leave it out)');
    num('task.workersPerObject', task.workersPerObject);
    num('task.timeLimitSeconds', task.timeLimitSeconds);
    num('task.availabilityLifetimeSeconds', task.availabilityLifetimeSeconds, true);
    num('task.maxConcurrentTaskCount', task.maxConcurrentTaskCount, true);
  }
  const s3 = value.s3;
  if (!isObject(s3)) issues.add('s3', 'is missing');
  else {
    str('s3.bucket', s3.bucket);
    if (typeof s3.prefix !== 'string') issues.add('s3.prefix', 'expected a string (may be empty)');
    else {
      const problem = keyPrefixProblem(s3.prefix);
      if (problem) issues.add('s3.prefix', problem);
    }
    if (s3.outputPath !== undefined && typeof s3.outputPath !== 'string') issues.add('s3.outputPath', `expected an s3:// URI such as "s3://my-bucket/output/" (or leave it out), got ${describeType(s3.outputPath)}`);
    if (s3.kmsKeyId !== undefined && typeof s3.kmsKeyId !== 'string') issues.add('s3.kmsKeyId', `expected a KMS key id, key ARN or alias (or leave it out), got ${describeType(s3.kmsKeyId)}`);
  }
  checkStreaming(value.streaming, issues);
  // A list would pass as tags named "0", "1", …; a number as a value would reach the request.
  const tags = value.tags;
  if (tags !== undefined) {
    if (!isObject(tags)) issues.add('tags', `expected an object of tag keys to string values, e.g. { team: "vision" }, got ${describeType(tags)}`);
    else for (const [key, v] of Object.entries(tags)) if (typeof v !== 'string') issues.add(child('tags', key), `expected a string (may be empty), got ${describeType(v)}`);
  }
  const lambdas = value.lambdas;
  if (!isObject(lambdas)) issues.add('lambdas', 'is missing');
  else {
    for (const which of ['pre', 'acs'] as const) {
      const l = lambdas[which];
      if (!isObject(l)) issues.add(`lambdas.${which}`, 'is missing');
      else {
        str(`lambdas.${which}.functionName`, l.functionName);
        // Lambda's own limits; deploy and the CloudFormation template pass these through as written.
        wholeNumber(`lambdas.${which}.memoryMb`, l.memoryMb, 128, 10_240, 'MB of memory');
        wholeNumber(`lambdas.${which}.timeoutSeconds`, l.timeoutSeconds, 1, 900, 'seconds');
        if (l.arn !== undefined) str(`lambdas.${which}.arn`, l.arn);
      }
    }
    if (lambdas.runtime !== undefined && !(supportedRuntimes as readonly unknown[]).includes(lambdas.runtime)) {
      issues.add('lambdas.runtime', `expected ${supportedRuntimes.map((r) => JSON.stringify(r)).join(' or ')} (or leave it out), got ${typeof lambdas.runtime === 'string' ? JSON.stringify(lambdas.runtime) : describeType(lambdas.runtime)}`);
    }
    if (lambdas.executionRoleArn !== undefined) str('lambdas.executionRoleArn', lambdas.executionRoleArn);
    const retention = lambdas.logRetentionDays === undefined ? undefined : logRetentionProblem(lambdas.logRetentionDays);
    if (retention) issues.add('lambdas.logRetentionDays', retention);
  }
  const files = value.files;
  if (files !== undefined) {
    if (!isObject(files)) issues.add('files', `expected an object of paths relative to the config, e.g. { manifest: "data/manifest.jsonl" }, got ${describeType(files)}`);
    else
      for (const [key, v] of Object.entries(files)) {
        if (v !== undefined && (typeof v !== 'string' || v === '')) issues.add(child('files', key), `expected a path relative to the config (or leave it out), got ${describeType(v)}`);
      }
  }
  const consolidation = value.consolidation;
  if (!isObject(consolidation)) issues.add('consolidation', 'is missing');
  else {
    str('consolidation.algorithm', consolidation.algorithm);
    const fields = consolidation.answerFields;
    if (fields !== undefined && (!Array.isArray(fields) || fields.length === 0 || Array.from(fields).some((f) => typeof f !== 'string' || f === ''))) {
      issues.add('consolidation.answerFields', 'expected a non-empty list of field names (or leave it out for the task type\'s own field)');
    }
    if (consolidation.seedState !== undefined) {
      const problem = seedStateProblem(consolidation.seedState) ?? ownSeedProblem(consolidation.seedState as string, value);
      if (problem) issues.add('consolidation.seedState', problem);
    }
    if (isTaskTypeName(value.type) && typeof consolidation.algorithm === 'string' && consolidation.algorithm !== '') {
      // A list with a label refused above is left out of this check as a whole (it would read the bad ones as empty names); the config fails on that label anyway.
      const labels = Array.isArray(value.labels) ? Array.from(value.labels, (l: unknown) => (typeof l === 'string' ? l : isObject(l) && typeof l.label === 'string' ? l.label : undefined)) : undefined;
      const wellFormed = labels?.every((l) => l !== undefined) ? labels : undefined;
      for (const issue of checkConsolidationSettings(getTaskType(value.type), { algorithm: consolidation.algorithm, options: consolidation.options, labels: wellFormed, keepFields: consolidation.keepFields }, 'consolidation', 'labels')) issues.add(issue.path, issue.problem);
    }
  }
  for (const [path, keys] of Object.entries(knownKeys)) {
    const at = path === '' ? value : path.split('.').reduce<unknown>((o, k) => (isObject(o) ? getOwn(o, k) : undefined), value);
    if (isObject(at)) unknownKeys(at, path, keys, issues);
  }
  if (!issues.ok) throw new ContractError(`task config ${file}`, issues.issues);
  return value as unknown as TaskConfig;
}
