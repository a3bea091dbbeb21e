import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/exit-codes.ts';
import { arnsFromStackOutputs, readDeployState } from '../deploy/state.ts';
import type { JobInputs } from './build-request.ts';

export { stackOutputKeys } from './stack-output-keys.ts';

/**
 * What `gtkit job` knows beyond the config: the ARNs and S3 locations recorded by `gtkit deploy`
 * (`.gtkit/deploy-state.json`), or the ARNs from a CloudFormation stack's outputs.
 */
export async function readJobInputs(taskDir: string, stackOutputsFile?: string): Promise<JobInputs> {
  const inputs: JobInputs = {};
  let state;
  try {
    state = await readDeployState(taskDir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (state) {
    const { pre, acs } = state.functions;
    inputs.arns = { ...(pre ? { pre: pre.arn } : {}), ...(acs ? { acs: acs.arn } : {}) };
    const u = state.uploads;
    inputs.locations = { ...(u.template ? { template: u.template } : {}), ...(u.manifest ? { manifest: u.manifest } : {}), ...(u.labelCategories ? { labelCategories: u.labelCategories } : {}) };
  }
  if (stackOutputsFile) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(stackOutputsFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`${stackOutputsFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`);
    }
    try {
      const arns = arnsFromStackOutputs(json as Parameters<typeof arnsFromStackOutputs>[0]);
      inputs.arns = { pre: arns.pre, acs: arns.acs };
    } catch (error) {
      throw new UsageError(`${stackOutputsFile}: ${(error as Error).message}`);
    }
  }
  return inputs;
}
