import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli/exit-codes.ts';
import type { JobInputs } from './build-request.ts';

/** Output keys of gtkit's CloudFormation template that carry the function ARNs. */
export const stackOutputKeys = { pre: 'PreAnnotationLambdaArn', acs: 'ConsolidationLambdaArn' } as const;

/**
 * What `gtkit job` knows beyond the config: the ARNs and S3 locations recorded by `gtkit deploy`
 * (`.gtkit/deploy-state.json`), or the ARNs from a CloudFormation stack's outputs.
 */
export async function readJobInputs(taskDir: string, stackOutputsFile?: string): Promise<JobInputs> {
  const inputs: JobInputs = {};
  const stateFile = join(taskDir, '.gtkit', 'deploy-state.json');
  if (existsSync(stateFile)) {
    const state = parseJsonFile(stateFile) as {
      functions?: { pre?: { versionArn?: string; arn?: string }; acs?: { versionArn?: string; arn?: string } };
      uploads?: { template?: string; manifest?: string; labelCategories?: string };
    };
    const pre = state.functions?.pre?.arn;
    const acs = state.functions?.acs?.arn;
    inputs.arns = { ...(pre ? { pre } : {}), ...(acs ? { acs } : {}) };
    const u = state.uploads ?? {};
    inputs.locations = { ...(u.template ? { template: u.template } : {}), ...(u.manifest ? { manifest: u.manifest } : {}), ...(u.labelCategories ? { labelCategories: u.labelCategories } : {}) };
  }
  if (stackOutputsFile) {
    const json = parseJsonFile(stackOutputsFile) as { Stacks?: Array<{ Outputs?: Array<{ OutputKey?: string; OutputValue?: string }> }>; Outputs?: Array<{ OutputKey?: string; OutputValue?: string }> } | Array<{ OutputKey?: string; OutputValue?: string }>;
    const outputs = Array.isArray(json) ? json : (json.Outputs ?? json.Stacks?.[0]?.Outputs ?? []);
    const find = (key: string) => outputs.find((o) => o.OutputKey === key)?.OutputValue;
    const pre = find(stackOutputKeys.pre);
    const acs = find(stackOutputKeys.acs);
    if (!pre || !acs) throw new UsageError(`${stackOutputsFile}: the stack outputs lack ${!pre ? stackOutputKeys.pre : stackOutputKeys.acs}; was the stack made from gtkit deploy --emit-cloudformation?`);
    inputs.arns = { pre, acs };
  }
  return inputs;
}

function parseJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`);
  }
}
