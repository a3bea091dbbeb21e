import type { TaskConfig } from '../config/define-task.ts';
import type { LambdaRuntime } from './lambda-functions.ts';

/** The function settings gtkit decides, shared by `gtkit deploy` and the CloudFormation template. */

/** Lambda runtimes gtkit deploys to. `nodejs20.x` left standard support on 2026-04-30. */
export const supportedRuntimes: readonly LambdaRuntime[] = ['nodejs24.x', 'nodejs22.x'];
export const defaultRuntime: LambdaRuntime = 'nodejs24.x';

/** Memory and timeout when the config does not set them: the PRE is light, the ACS reads a batch from S3. */
export const defaultFunctionSettings = { pre: { memoryMb: 256, timeoutSeconds: 30 }, acs: { memoryMb: 1024, timeoutSeconds: 300 } } as const;

export function functionSettings(config: TaskConfig, which: 'pre' | 'acs'): { memoryMb: number; timeoutSeconds: number } {
  return {
    memoryMb: config.lambdas[which].memoryMb ?? defaultFunctionSettings[which].memoryMb,
    timeoutSeconds: config.lambdas[which].timeoutSeconds ?? defaultFunctionSettings[which].timeoutSeconds,
  };
}

/** Environment every gtkit function gets (merged into whatever else is set on it). */
export function functionEnvironment(name: string): Record<string, string> {
  // Source maps make CloudWatch stack traces point at pre.ts/acs.ts lines.
  return { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: name };
}

export function functionDescription(config: TaskConfig, which: 'pre' | 'acs'): string {
  return `gtkit ${which === 'pre' ? 'pre-annotation' : 'annotation-consolidation'} Lambda of ${config.jobName}`.slice(0, 256);
}
