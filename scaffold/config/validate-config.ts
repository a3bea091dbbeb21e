import { ContractError } from '../../lambdas/contracts/errors.ts';
import { IssueCollector, describeType, isObject } from '../../lambdas/contracts/check.ts';
import { isTaskTypeName, taskTypeNames } from '../../lambdas/task-types/names.ts';
import type { TaskConfig } from './define-task.ts';

/**
 * Checks the shape of a task config loaded from `gtkit.config.ts` (types are erased at run
 * time, and a config may be plain JS). Service limits are checked later by the job validator;
 * here we make sure every field the tools read is there and of the right kind.
 */
export function validateTaskConfig(value: unknown, file: string): TaskConfig {
  const issues = new IssueCollector();
  if (!isObject(value)) {
    throw new ContractError(`${file}`, [{ path: 'default export', problem: `expected defineTask({...}), got ${describeType(value)}` }]);
  }
  const str = (path: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') issues.add(path, v === undefined ? 'is missing' : `expected a non-empty string, got ${describeType(v)}`);
  };
  const num = (path: string, v: unknown, optional = false) => {
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) issues.add(path, v === undefined ? 'is missing' : `expected a number, got ${describeType(v)}`);
  };
  if (!isTaskTypeName(value.type)) issues.add('type', `expected one of ${taskTypeNames.join(', ')}, got ${JSON.stringify(value.type)}`);
  str('jobName', value.jobName);
  str('labelAttributeName', value.labelAttributeName);
  str('region', value.region);
  str('roleArn', value.roleArn);
  if (!Array.isArray(value.labels)) issues.add('labels', `expected an array of labels, got ${describeType(value.labels)}`);
  else
    value.labels.forEach((l, i) => {
      if (typeof l === 'string') return;
      if (isObject(l) && typeof l.label === 'string') return;
      issues.add(`labels[${i}]`, `expected a string or { label }, got ${describeType(l)}`);
    });
  const wf = value.workforce;
  if (!isObject(wf) || !['private', 'vendor', 'public'].includes(String(wf.kind))) {
    issues.add('workforce.kind', 'expected "private", "vendor" or "public"');
  } else if (wf.kind === 'public') {
    num('workforce.priceUsd', wf.priceUsd);
    if (!Array.isArray(wf.contentClassifiers)) issues.add('workforce.contentClassifiers', 'expected an array');
  } else str('workforce.workteamArn', wf.workteamArn);
  const task = value.task;
  if (!isObject(task)) issues.add('task', 'is missing');
  else {
    str('task.title', task.title);
    str('task.description', task.description);
    if (!Array.isArray(task.keywords)) issues.add('task.keywords', 'expected an array of strings');
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
  }
  const lambdas = value.lambdas;
  if (!isObject(lambdas)) issues.add('lambdas', 'is missing');
  else
    for (const which of ['pre', 'acs'] as const) {
      const l = lambdas[which];
      if (!isObject(l)) issues.add(`lambdas.${which}`, 'is missing');
      else str(`lambdas.${which}.functionName`, l.functionName);
    }
  const consolidation = value.consolidation;
  if (!isObject(consolidation)) issues.add('consolidation', 'is missing');
  else {
    str('consolidation.algorithm', consolidation.algorithm);
    const fields = consolidation.answerFields;
    if (fields !== undefined && (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string' || f === ''))) {
      issues.add('consolidation.answerFields', 'expected a non-empty list of field names (or leave it out for the task type\'s own field)');
    }
  }
  if (!issues.ok) throw new ContractError(`task config ${file}`, issues.issues);
  return value as unknown as TaskConfig;
}
