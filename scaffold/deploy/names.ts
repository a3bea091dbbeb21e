import { createHash } from 'node:crypto';
import type { TaskConfig } from '../config/define-task.ts';
import { limits } from '../job/limits.ts';
import { invokableFunctionMarkers, managedPolicyCanInvoke } from '../job/managed-policy.ts';
import type { RoleKind } from './role-kinds.ts';

/** A problem with a name in the task config: where, what, and what to do. */
export interface NameProblem {
  path: string;
  problem: string;
  fix: string;
  /** Warnings do not stop a deploy. */
  severity: 'error' | 'warning';
}

/** Lambda function names: 1–64 letters, digits, hyphens and underscores. */
const functionNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
/** IAM role names: 1–64 of letters, digits and `+=,.@_-`. */
const roleNamePattern = /^[\w+=,.@-]{1,64}$/;

/**
 * Why Lambda would refuse `name` as a function name, with the fix, or undefined when it is one.
 * `path` is where the name is written, for the hint to put an ARN in `…arn` instead.
 *
 * @example
 * functionNameProblem('SageMaker pre', 'lambdas.pre.functionName')?.problem; // '"SageMaker pre" is not a Lambda function name'
 */
export function functionNameProblem(name: string, path: string): { problem: string; fix: string } | undefined {
  if (typeof name === 'string' && functionNamePattern.test(name)) return undefined;
  const arnHint = typeof name === 'string' && name.startsWith('arn:') ? ` (the name alone: an ARN goes in ${path.replace(/functionName$/, 'arn')})` : '';
  return { problem: `${JSON.stringify(name)} is not a Lambda function name`, fix: `use 1–64 letters, digits, hyphens or underscores${arnHint}` };
}

/**
 * Checks the function names before anything is sent to AWS: Lambda's own rule, the two must
 * differ, and (a warning unless `--create-roles` writes an explicit invoke permission) whether
 * the AmazonSageMakerGroundTruthExecution managed policy lets the job's role invoke them.
 */
export function checkFunctionNames(config: TaskConfig, options: { explicitInvokePolicy: boolean }): NameProblem[] {
  const problems: NameProblem[] = [];
  for (const which of ['pre', 'acs'] as const) {
    const name = config.lambdas[which].functionName;
    const path = `lambdas.${which}.functionName`;
    const bad = functionNameProblem(name, path);
    if (bad) {
      problems.push({ path, ...bad, severity: 'error' });
    } else if (!managedPolicyCanInvoke(name) && !options.explicitInvokePolicy) {
      problems.push({
        path,
        problem: `${name} contains none of ${invokableFunctionMarkers.join(', ')}, so the AmazonSageMakerGroundTruthExecution policy does not let the job's role invoke it`,
        fix: `rename it (e.g. SageMaker-${name}), deploy with --create-roles, or give the job's role lambda:InvokeFunction on it yourself`,
        severity: 'warning',
      });
    }
  }
  if (config.lambdas.pre.functionName === config.lambdas.acs.functionName) {
    problems.push({ path: 'lambdas.acs.functionName', problem: 'is the same as lambdas.pre.functionName', fix: 'give the two functions different names', severity: 'error' });
  }
  return problems;
}

/**
 * The job name, checked by CreateLabelingJob's rule before a deploy: the functions' `gtkit-job`
 * tag, the roles' names and the stack's name derive from it, and Lambda refuses a tag value with
 * characters such as `#` or `(` only after the uploads are done. A name that can never be a
 * labeling job's is refused at once, where it is written.
 */
export function jobNameProblem(config: Pick<TaskConfig, 'jobName'>): NameProblem[] {
  const rule = limits.LabelingJobName;
  const name = config.jobName;
  if (typeof name === 'string' && name.length <= rule.max && rule.pattern.test(name)) return [];
  return [{ path: 'jobName', problem: `${JSON.stringify(name)} is not a labeling job name`, fix: `use 1–${rule.max} ${rule.patternHelp} (CreateLabelingJob's rule)`, severity: 'error' }];
}

/** The IAM names of the roles `--create-roles` makes (`roleKinds`). */
export type RoleNames = Record<RoleKind, string>;

/**
 * The names of the three roles `--create-roles` makes. They start with `SageMaker-` and end with
 * `-pre-lambda`, `-acs-lambda` / `-groundtruth`; a job name too long for IAM's 64 characters is
 * shortened and given a hash of the full name, so two long job names never share a role.
 */
export function roleNames(config: Pick<TaskConfig, 'jobName'>): RoleNames {
  const make = (suffix: string) => sageMakerName(config.jobName, suffix, roleNamePattern, /[^\w+=,.@-]/g);
  return { preExecution: make('pre-lambda'), acsExecution: make('acs-lambda'), groundTruthExecution: make('groundtruth') };
}

/**
 * The name of the one role an older gtkit's `--create-roles` gave both functions
 * (`SageMaker-<job>-lambda`). A deploy now gives each function its own role and leaves this one as
 * it is, for its owner to delete (see `deploy.ts`).
 */
export function sharedLambdaRoleName(config: Pick<TaskConfig, 'jobName'>): string {
  return sageMakerName(config.jobName, 'lambda', roleNamePattern, /[^\w+=,.@-]/g);
}

/**
 * The names of the two functions `gtkit init` writes into a config: `SageMaker-<job>-pre|acs`
 * (the prefix keeps them invokable under the managed Ground Truth policy). Shortened as role
 * names are, with a hash of the whole job name, so two long job names never share a function.
 */
export function functionNames(jobName: string): { pre: string; acs: string } {
  const make = (suffix: string) => sageMakerName(jobName, suffix, functionNamePattern, /[^\w-]/g);
  return { pre: make('pre'), acs: make('acs') };
}

/** `SageMaker-<job>-<suffix>` within 64 characters: as it is when it fits `pattern`, else a cut and cleaned job name with a hash of the whole. */
function sageMakerName(jobName: string, suffix: string, pattern: RegExp, notAllowed: RegExp): string {
  const full = `SageMaker-${jobName}-${suffix}`;
  if (full.length <= 64 && pattern.test(full)) return full;
  const hash = createHash('sha256').update(jobName).digest('hex').slice(0, 8);
  const room = 64 - 'SageMaker-'.length - suffix.length - hash.length - 2;
  const stem = jobName.replace(notAllowed, '-').slice(0, room);
  return `SageMaker-${stem}-${hash}-${suffix}`;
}
