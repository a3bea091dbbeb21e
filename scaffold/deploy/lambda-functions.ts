import {
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { lambdaArnParts, unqualifiedLambdaArn } from '../job/lambda-arn.ts';
import { awsErrorName, isRoleNotAssumable, isThrottling } from './aws-errors.ts';
import { isTransient, withRetry, type Sleep } from './retry.ts';
import { awsStep, DeployError, DeployStepError } from './step.ts';

export type LambdaRuntime = 'nodejs24.x' | 'nodejs22.x';

/** What gtkit manages on a function. Other settings (VPC, layers, other env vars) are left alone. */
export interface FunctionSpec {
  name: string;
  /** The ARN it will have, for error messages before AWS tells us. */
  expectedArn: string;
  zip: Uint8Array;
  codeSha256: string;
  handler: string;
  runtime: LambdaRuntime;
  roleArn: string;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  /** Set on the function; merged into any variables it already has. */
  environment: Record<string, string>;
  tags?: Record<string, string>;
}

export interface FunctionResult {
  name: string;
  action: 'created' | 'updated' | 'unchanged';
  /** What changed: `code`, `runtime nodejs22.x → nodejs24.x`, … */
  changes: string[];
  /** Unqualified ARN (what the labeling job references). */
  arn: string;
  /** The version PublishVersion returned: a new one, or the last one when $LATEST had not changed. */
  versionArn?: string;
  codeSha256: string;
}

/** How long and how often to wait for Lambda (seconds); tests shorten them. */
export interface WaiterTiming {
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
}

export const defaultWaiterTiming: WaiterTiming = { minDelay: 1, maxDelay: 5, maxWaitTime: 300 };

export interface LambdaDeps {
  lambda: LambdaClient;
  sleep?: Sleep;
  waiter?: WaiterTiming;
  progress?: (line: string) => void;
}

const retryLine = (name: string, error: unknown, attempt: number, ms: number) => `  ${name}: ${awsErrorName(error)}, retry ${attempt} in ${(ms / 1000).toFixed(1)} s`;

/**
 * GetFunction of `name` (its configuration and tags), or undefined when there is no such function.
 * Throttling and transient errors are retried; any other error explains what was being read.
 */
export async function findFunction(deps: Pick<LambdaDeps, 'lambda' | 'sleep' | 'progress'>, name: string, expectedArn: string): Promise<GetFunctionCommandOutput | undefined> {
  const retryOptions = { ...(deps.sleep ? { sleep: deps.sleep } : {}), onRetry: (e: unknown, n: number, ms: number) => deps.progress?.(retryLine(name, e, n, ms)) };
  try {
    return await withRetry(() => deps.lambda.send(new GetFunctionCommand({ FunctionName: name })), retryOptions);
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw new DeployStepError({ doing: `reading function ${name}`, action: 'lambda:GetFunction', resource: expectedArn }, error);
  }
}

/** What `findFunction` found moments ago (`found`: undefined when there was no such function). */
export interface FunctionLookup {
  found: GetFunctionCommandOutput | undefined;
}

/** The configuration differences between a function and the spec, as readable phrases. */
export function configurationChanges(current: FunctionConfiguration, spec: FunctionSpec): string[] {
  const changes: string[] = [];
  const diff = (label: string, was: unknown, now: unknown) => {
    if (was !== now) changes.push(`${label} ${was === undefined ? '(unset)' : String(was)} → ${String(now)}`);
  };
  diff('runtime', current.Runtime, spec.runtime);
  diff('handler', current.Handler, spec.handler);
  diff('role', current.Role, spec.roleArn);
  diff('memory', current.MemorySize, spec.memoryMb);
  diff('timeout', current.Timeout, spec.timeoutSeconds);
  const vars = current.Environment?.Variables ?? {};
  for (const [k, v] of Object.entries(spec.environment).sort(([a], [b]) => (a < b ? -1 : 1))) diff(`env ${k}`, vars[k], v);
  return changes;
}

/**
 * Creates the function, or updates what changed, then publishes a version:
 * GetFunction → CreateFunction, or UpdateFunctionCode when the CodeSha256 differs and
 * UpdateFunctionConfiguration when a managed setting differs; each change is followed by
 * `waitUntilFunctionActiveV2` / `waitUntilFunctionUpdatedV2`. Unchanged code is not uploaded.
 * PublishVersion is always called (it returns the last version when nothing changed);
 * `previousVersionArn`, the version the state recorded, only tells whether that is news.
 * `lookup`: the caller's own GetFunction of the function (deploy reads it first, to tell whose
 * it is), used instead of reading it again.
 * Throttling, transient errors and "update in progress" are retried with backoff; a role made
 * moments ago that Lambda cannot assume yet is retried too.
 */
export async function createOrUpdateFunction(deps: LambdaDeps, spec: FunctionSpec, options: { previousVersionArn?: string | undefined; lookup?: FunctionLookup } = {}): Promise<FunctionResult> {
  const { previousVersionArn } = options;
  const { lambda } = deps;
  const timing = deps.waiter ?? defaultWaiterTiming;
  const retryOptions = { ...(deps.sleep ? { sleep: deps.sleep } : {}), onRetry: (e: unknown, n: number, ms: number) => deps.progress?.(retryLine(spec.name, e, n, ms)) };
  const retry = <T>(call: () => Promise<T>) => withRetry(call, retryOptions);
  const resource = spec.expectedArn;

  const wait = async (kind: 'active' | 'updated') => {
    const waiter = kind === 'active' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
    try {
      await waiter({ client: lambda, ...timing }, { FunctionName: spec.name });
    } catch (error) {
      // The waiter's own error is a JSON dump; say it plainly, with Lambda's reason when it failed.
      const c = await retry(() => lambda.send(new GetFunctionCommand({ FunctionName: spec.name })))
        .then((r) => r.Configuration)
        .catch(() => undefined);
      const state = kind === 'active' ? `${c?.State ?? 'unknown'}` : `${c?.LastUpdateStatus ?? 'unknown'}`;
      const reason = kind === 'active' ? c?.StateReason : c?.LastUpdateStatusReason;
      if (awsErrorName(error) === 'TimeoutError') throw new DeployError(`${spec.name} is still ${state} after ${timing.maxWaitTime} s; look at it in the Lambda console and deploy again`);
      throw new DeployError(`${spec.name} ${kind === 'active' ? 'did not become active' : 'update failed'} (${state}${reason ? `: ${reason}` : ''}); fix the cause and deploy again`);
    }
  };

  const current: FunctionConfiguration | undefined = (options.lookup ?? { found: await findFunction(deps, spec.name, resource) }).found?.Configuration;

  if (!current) {
    deps.progress?.(`  ${spec.name}: creating (${spec.runtime}, ${spec.memoryMb} MB, ${spec.timeoutSeconds} s, ${(spec.zip.length / 1024).toFixed(1)} KB zip)`);
    const created = await awsStep({ doing: `creating function ${spec.name}`, action: 'lambda:CreateFunction', resource }, () =>
      withRetry(
        () =>
          lambda.send(
            new CreateFunctionCommand({
              FunctionName: spec.name,
              Runtime: spec.runtime,
              Role: spec.roleArn,
              Handler: spec.handler,
              Code: { ZipFile: spec.zip },
              Description: spec.description,
              Timeout: spec.timeoutSeconds,
              MemorySize: spec.memoryMb,
              PackageType: 'Zip',
              Publish: false,
              Environment: { Variables: spec.environment },
              ...(spec.tags ? { Tags: spec.tags } : {}),
            }),
          ),
        {
          ...retryOptions,
          // A new role reaches Lambda only after a few seconds.
          retryable: (e) => isThrottling(e) || isTransient(e) || isRoleNotAssumable(e),
        },
      ),
    );
    deps.progress?.(`  ${spec.name}: waiting until active`);
    await wait('active');
    const version = await awsStep({ doing: `publishing a version of ${spec.name}`, action: 'lambda:PublishVersion', resource }, () =>
      retry(() => lambda.send(new PublishVersionCommand({ FunctionName: spec.name, CodeSha256: spec.codeSha256, Description: `gtkit ${spec.codeSha256}` }))),
    );
    return { name: spec.name, action: 'created', changes: ['created'], arn: unqualifiedLambdaArn(created.FunctionArn ?? spec.expectedArn), ...(version.FunctionArn ? { versionArn: version.FunctionArn } : {}), codeSha256: spec.codeSha256 };
  }

  const arn = unqualifiedLambdaArn(current.FunctionArn ?? spec.expectedArn);
  // A function still settling from an earlier change cannot take another one yet.
  if (current.State === 'Pending') await wait('active');
  if (current.LastUpdateStatus === 'InProgress') await wait('updated');

  const changes: string[] = [];
  if (current.CodeSha256 !== spec.codeSha256) {
    deps.progress?.(`  ${spec.name}: code changed (${current.CodeSha256?.slice(0, 12) ?? 'none'}… → ${spec.codeSha256.slice(0, 12)}…), uploading`);
    const updated = await awsStep({ doing: `updating the code of ${spec.name}`, action: 'lambda:UpdateFunctionCode', resource: arn }, () =>
      retry(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: spec.name, ZipFile: spec.zip }))),
    );
    if (updated.CodeSha256 && updated.CodeSha256 !== spec.codeSha256) {
      throw new DeployError(`${spec.name}: Lambda stored code with CodeSha256 ${updated.CodeSha256}, not the built ${spec.codeSha256}; something else changed the function meanwhile, deploy again`);
    }
    changes.push('code');
    await wait('updated');
  }
  const settings = configurationChanges(current, spec);
  if (settings.length > 0) {
    deps.progress?.(`  ${spec.name}: updating settings (${settings.join(', ')})`);
    await awsStep({ doing: `updating the settings of ${spec.name}`, action: 'lambda:UpdateFunctionConfiguration', resource: arn }, () =>
      retry(() =>
        lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: spec.name,
            Runtime: spec.runtime,
            Role: spec.roleArn,
            Handler: spec.handler,
            MemorySize: spec.memoryMb,
            Timeout: spec.timeoutSeconds,
            Description: spec.description,
            // Variables someone added by hand stay.
            Environment: { Variables: { ...(current.Environment?.Variables ?? {}), ...spec.environment } },
          }),
        ),
      ),
    );
    changes.push(...settings);
    await wait('updated');
  }

  // Published every time, even with nothing changed here: an earlier deploy may have changed
  // $LATEST and failed before its PublishVersion. Lambda publishes a new version only if $LATEST
  // differs from the last one, and otherwise returns that one.
  const version = await awsStep({ doing: `publishing a version of ${spec.name}`, action: 'lambda:PublishVersion', resource: arn }, () =>
    retry(() => lambda.send(new PublishVersionCommand({ FunctionName: spec.name, CodeSha256: spec.codeSha256, Description: `gtkit ${spec.codeSha256}` }))),
  );
  if (changes.length === 0 && previousVersionArn && version.FunctionArn && version.FunctionArn !== previousVersionArn) {
    const previous = lambdaArnParts(previousVersionArn)?.qualifier ?? '?';
    changes.push(`$LATEST had changed since version ${previous}`);
    deps.progress?.(`  ${spec.name}: $LATEST differs from the recorded version ${previous} (an earlier deploy did not finish, or a change by hand): published it`);
  } else if (changes.length === 0) deps.progress?.(`  ${spec.name}: unchanged (CodeSha256 ${spec.codeSha256.slice(0, 12)}…), nothing uploaded`);
  return {
    name: spec.name,
    action: changes.length === 0 ? 'unchanged' : 'updated',
    changes,
    arn,
    ...(version.FunctionArn ? { versionArn: version.FunctionArn } : {}),
    codeSha256: spec.codeSha256,
  };
}

