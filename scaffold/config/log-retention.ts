import type { TaskConfig } from './define-task.ts';

/**
 * How long CloudWatch Logs keeps the two functions' log lines (`lambdas.logRetentionDays`). Lambda
 * makes a function's log group on its first run with no retention, so its lines (ids, reasons,
 * worker ids) would stay for ever; gtkit gives the group a retention instead.
 */

/** The retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy's and AWS::Logs::LogGroup's RetentionInDays). */
export const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export type LogRetentionDays = (typeof logRetentionChoices)[number];

/** A month: long enough to look into a job's failures, short enough not to keep what workers wrote. */
export const defaultLogRetentionDays: LogRetentionDays = 30;

/** The retention the functions' log groups get: the config's, or {@link defaultLogRetentionDays}. */
export function logRetentionOf(config: { lambdas: Pick<TaskConfig['lambdas'], 'logRetentionDays'> }): number {
  return config.lambdas.logRetentionDays ?? defaultLogRetentionDays;
}

/**
 * Why `value` cannot be a log retention, with the closest periods CloudWatch Logs takes, or
 * undefined when it is one.
 *
 * @example
 * logRetentionProblem(45); // 'expected one of … days (or leave it out for 30), got 45: the nearest are 30 and 60'
 */
export function logRetentionProblem(value: unknown): string | undefined {
  if ((logRetentionChoices as readonly unknown[]).includes(value)) return undefined;
  const expected = `expected one of CloudWatch Logs' retention periods, ${logRetentionChoices.join(', ')} days (or leave it out for ${defaultLogRetentionDays})`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`;
  const above = logRetentionChoices.find((d) => d > value);
  const below = [...logRetentionChoices].reverse().find((d) => d < value);
  const nearest = [below, above].filter((d) => d !== undefined);
  return `${expected}, got ${value}: the nearest ${nearest.length === 1 ? 'is' : 'are'} ${nearest.join(' and ')}`;
}
