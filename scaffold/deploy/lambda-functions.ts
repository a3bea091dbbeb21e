import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { withRetry } from './aws-errors.ts';

export interface FunctionSpec {
  name: string;
  zip: Uint8Array;
  codeSha256: string;
  handler: string;
  runtime: 'nodejs24.x' | 'nodejs22.x';
  roleArn: string;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
}

export interface FunctionResult {
  action: 'created' | 'updated-code' | 'updated-configuration' | 'unchanged';
  arn: string;
  versionArn?: string;
}

export interface LambdaDeps {
  lambda: LambdaClient;
  sleep?: (ms: number) => Promise<void>;
  progress?: (line: string) => void;
}

/** The Lambda's settings gtkit manages; anything else set on the function is left alone. */
function configurationOf(spec: FunctionSpec) {
  return {
    FunctionName: spec.name,
    Handler: spec.handler,
    Runtime: spec.runtime,
    Role: spec.roleArn,
    MemorySize: spec.memoryMb,
    Timeout: spec.timeoutSeconds,
    Description: spec.description,
    // Source maps make stack traces in CloudWatch point at pre.ts/acs.ts lines.
    Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: spec.name } },
  };
}

function sameConfiguration(current: FunctionConfiguration, spec: FunctionSpec): boolean {
  return (
    current.Handler === spec.handler &&
    current.Runtime === spec.runtime &&
    current.Role === spec.roleArn &&
    current.MemorySize === spec.memoryMb &&
    current.Timeout === spec.timeoutSeconds &&
    current.Environment?.Variables?.NODE_OPTIONS === '--enable-source-maps'
  );
}

/** Polls until the function is Active and its last update finished; a failed update is an error. */
export async function waitUntilReady(deps: LambdaDeps, name: string, maxPolls = 120): Promise<FunctionConfiguration> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let poll = 0; poll < maxPolls; poll++) {
    const c = await withRetry(() => deps.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })), { sleep });
    if (c.State === 'Failed' || c.LastUpdateStatus === 'Failed') throw new Error(`${name} is in a failed state: ${c.StateReason ?? c.LastUpdateStatusReason ?? 'no reason given'}`);
    if ((c.State === 'Active' || c.State === undefined) && (c.LastUpdateStatus === 'Successful' || c.LastUpdateStatus === undefined)) return c;
    await sleep(2000);
  }
  throw new Error(`${name} did not become active within ${maxPolls} polls`);
}

/**
 * Creates the function, or updates what changed: code only when its SHA-256 differs, settings
 * only when they differ. Waits until it is ready, and publishes a version when anything changed.
 */
export async function createOrUpdateFunction(deps: LambdaDeps, spec: FunctionSpec): Promise<FunctionResult> {
  const sleep = deps.sleep;
  const retry = <T>(call: () => Promise<T>) => withRetry(call, { ...(sleep ? { sleep } : {}), onRetry: (e, n) => deps.progress?.(`  ${spec.name}: ${(e as Error).name}, retry ${n}`) });
  let current: FunctionConfiguration | undefined;
  try {
    current = await retry(() => deps.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: spec.name })));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  if (!current) {
    deps.progress?.(`  ${spec.name}: creating (${spec.runtime}, ${spec.memoryMb} MB, ${spec.timeoutSeconds} s)`);
    // A role made moments ago may not be assumable yet: retry that error a few times.
    const created = await withRetry(
      async () => {
        try {
          return await deps.lambda.send(new CreateFunctionCommand({ ...configurationOf(spec), Code: { ZipFile: spec.zip }, PackageType: 'Zip', Publish: false }));
        } catch (error) {
          if ((error as { name?: string }).name === 'InvalidParameterValueException' && /assume/i.test((error as Error).message)) throw Object.assign(new Error((error as Error).message), { name: 'ResourceConflictException' });
          throw error;
        }
      },
      { ...(sleep ? { sleep } : {}) },
    );
    await waitUntilReady(deps, spec.name);
    const version = await retry(() => deps.lambda.send(new PublishVersionCommand({ FunctionName: spec.name, CodeSha256: spec.codeSha256 })));
    return { action: 'created', arn: unqualified(created.FunctionArn ?? ''), ...(version.FunctionArn ? { versionArn: version.FunctionArn } : {}) };
  }
  let action: FunctionResult['action'] = 'unchanged';
  if (current.CodeSha256 !== spec.codeSha256) {
    deps.progress?.(`  ${spec.name}: code changed, updating`);
    await waitUntilReady(deps, spec.name);
    await retry(() => deps.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: spec.name, ZipFile: spec.zip })));
    action = 'updated-code';
  }
  if (!sameConfiguration(current, spec)) {
    deps.progress?.(`  ${spec.name}: settings changed, updating`);
    await waitUntilReady(deps, spec.name);
    await retry(() => deps.lambda.send(new UpdateFunctionConfigurationCommand(configurationOf(spec))));
    if (action === 'unchanged') action = 'updated-configuration';
  }
  if (action === 'unchanged') {
    deps.progress?.(`  ${spec.name}: unchanged (code SHA-256 ${spec.codeSha256.slice(0, 12)}…)`);
    return { action, arn: unqualified(current.FunctionArn ?? '') };
  }
  await waitUntilReady(deps, spec.name);
  const version = await retry(() => deps.lambda.send(new PublishVersionCommand({ FunctionName: spec.name })));
  return { action, arn: unqualified(current.FunctionArn ?? ''), ...(version.FunctionArn ? { versionArn: version.FunctionArn } : {}) };
}

function unqualified(arn: string): string {
  return arn.replace(/(:function:[^:]+):[^:]+$/, '$1');
}
