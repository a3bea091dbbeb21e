import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What `gtkit deploy` did, kept in `<task>/.gtkit/deploy-state.json`; `gtkit job` reads it. */
export interface DeployedFunction {
  name: string;
  /** Unqualified ARN: what the CreateLabelingJob request references. */
  arn: string;
  /** ARN of the version published by the last deploy. */
  versionArn?: string;
  codeSha256: string;
  runtime: string;
  deployedAt: string;
}

export interface DeployState {
  version: 1;
  region: string;
  functions: { pre?: DeployedFunction; acs?: DeployedFunction };
  uploads: { template?: string; labelCategories?: string; manifest?: string };
  roles?: { lambdaExecution?: string; groundTruthExecution?: string };
}

export function deployStateFile(taskDir: string): string {
  return join(taskDir, '.gtkit', 'deploy-state.json');
}

export async function readDeployState(taskDir: string): Promise<DeployState | undefined> {
  const file = deployStateFile(taskDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DeployState;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); delete it and deploy again`);
  }
}

export async function writeDeployState(taskDir: string, state: DeployState): Promise<void> {
  const file = deployStateFile(taskDir);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}
