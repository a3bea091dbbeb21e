import { awsErrorName, explainAwsError, isAccessDenied, parseAccessDenied, type AwsStep } from './aws-errors.ts';

/** A deploy problem that is not an AWS error (a bad name, a missing role); the message says what to do. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/** An AWS call of a deploy step failed; `message` explains it, the rest is for `--json`. */
export class DeployStepError extends DeployError {
  readonly awsError: string;
  readonly step: AwsStep;
  readonly missingPermission?: { action: string; resource?: string };

  constructor(step: AwsStep, cause: unknown) {
    super(explainAwsError(cause, step));
    this.name = 'DeployStepError';
    this.step = step;
    this.awsError = awsErrorName(cause);
    this.cause = cause;
    if (isAccessDenied(cause)) {
      const parsed = parseAccessDenied((cause as Error).message ?? '');
      const action = parsed.action ?? step.action;
      const resource = parsed.resource ?? (parsed.action ? undefined : step.resource);
      if (action) this.missingPermission = { action, ...(resource ? { resource } : {}) };
    }
  }
}

/** Runs one AWS call of a step, turning its failure into a DeployStepError. */
export async function awsStep<T>(step: AwsStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DeployError) throw error;
    throw new DeployStepError(step, error);
  }
}
