import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  PublishVersionCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { LambdaClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-lambda';

export const account = '111122223333';
export const region = 'eu-west-1';
export const arnOf = (name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;

/** An AWS-shaped error, as the SDK throws them. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'req-123' } });
}

interface FakeFunction {
  config: FunctionConfiguration;
  versions: Array<{ sha: string; config: string }>;
  tags: Record<string, string>;
}

/**
 * A small in-memory Lambda behind aws-sdk-client-mock: functions are created, updated and
 * versioned the way the service does it (CodeSha256 of the zip, a version only when $LATEST
 * changed since the last one), so create, update and unchanged paths follow each other.
 */
export class FakeLambda {
  readonly functions = new Map<string, FakeFunction>();
  /** States GetFunction reports before the real one, per function (e.g. ['Pending']). */
  readonly pendingStates = new Map<string, Array<Partial<FunctionConfiguration>>>();
  /** Errors the next calls of a command throw, in order, before the fake answers (e.g. `GetFunction` → [throttled]). */
  readonly failNext = new Map<string, Error[]>();
  /** What GetFunction says about tags to a caller without lambda:ListTags: nothing (`'omitted'`), or a TagsError. */
  tagsHidden: 'omitted' | 'error' | undefined;

  constructor(readonly mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, LambdaClientResolvedConfig>) {}

  install(): this {
    this.mock.on(GetFunctionCommand).callsFake((input: { FunctionName: string }) => {
      this.maybeFail('GetFunction');
      const fn = this.functions.get(input.FunctionName);
      if (!fn) throw awsError('ResourceNotFoundException', `Function not found: ${arnOf(input.FunctionName)}`, 404);
      const queued = this.pendingStates.get(input.FunctionName)?.shift();
      const tags = this.tagsHidden === 'omitted' ? {} : this.tagsHidden === 'error' ? { TagsError: { ErrorCode: 'AccessDeniedException', Message: 'not authorized to perform: lambda:ListTags' } } : { Tags: { ...fn.tags } };
      return { Configuration: { ...fn.config, ...(queued ?? {}) }, ...tags };
    });
    this.mock.on(CreateFunctionCommand).callsFake((input: CreateFunctionCommandInput) => {
      this.maybeFail('CreateFunction');
      const name = input.FunctionName as string;
      if (this.functions.has(name)) throw awsError('ResourceConflictException', `Function already exist: ${name}`, 409);
      const config: FunctionConfiguration = {
        FunctionName: name,
        FunctionArn: arnOf(name),
        Runtime: input.Runtime,
        Role: input.Role,
        Handler: input.Handler,
        MemorySize: input.MemorySize,
        Timeout: input.Timeout,
        Description: input.Description,
        Environment: { Variables: { ...(input.Environment?.Variables ?? {}) } },
        CodeSha256: sha(input.Code?.ZipFile),
        State: 'Active',
        LastUpdateStatus: 'Successful',
        Version: '$LATEST',
      };
      this.functions.set(name, { config, versions: [], tags: { ...(input.Tags ?? {}) } });
      return config;
    });
    this.mock.on(UpdateFunctionCodeCommand).callsFake((input: { FunctionName: string; ZipFile?: Uint8Array }) => {
      this.maybeFail('UpdateFunctionCode');
      const fn = this.get(input.FunctionName);
      fn.config = { ...fn.config, CodeSha256: sha(input.ZipFile), LastUpdateStatus: 'Successful' };
      return fn.config;
    });
    this.mock.on(TagResourceCommand).callsFake((input: { Resource: string; Tags?: Record<string, string> }) => {
      this.maybeFail('TagResource');
      const fn = this.get(input.Resource.slice(input.Resource.lastIndexOf(':') + 1));
      fn.tags = { ...fn.tags, ...(input.Tags ?? {}) };
      return {};
    });
    this.mock.on(UpdateFunctionConfigurationCommand).callsFake((input: UpdateFunctionConfigurationCommandInput) => {
      this.maybeFail('UpdateFunctionConfiguration');
      const fn = this.get(input.FunctionName as string);
      const { FunctionName: _n, ...settings } = input;
      fn.config = { ...fn.config, ...(settings as FunctionConfiguration), LastUpdateStatus: 'Successful' };
      return fn.config;
    });
    this.mock.on(PublishVersionCommand).callsFake((input: { FunctionName: string; CodeSha256?: string }) => {
      this.maybeFail('PublishVersion');
      const fn = this.get(input.FunctionName);
      if (input.CodeSha256 && input.CodeSha256 !== fn.config.CodeSha256) throw awsError('PreconditionFailedException', 'CodeSha256 does not match', 412);
      const snapshot = JSON.stringify({ ...fn.config, LastUpdateStatus: undefined });
      const last = fn.versions[fn.versions.length - 1];
      if (!last || last.config !== snapshot) fn.versions.push({ sha: fn.config.CodeSha256 ?? '', config: snapshot });
      return { ...fn.config, FunctionArn: `${arnOf(input.FunctionName)}:${fn.versions.length}`, Version: String(fn.versions.length) };
    });
    return this;
  }

  /** A function someone else made (another team, by hand): other code and settings, `tags` as given. */
  addExisting(name: string, tags: Record<string, string> = {}, config: Partial<FunctionConfiguration> = {}): void {
    this.functions.set(name, {
      config: { FunctionName: name, FunctionArn: arnOf(name), Runtime: 'python3.12', Handler: 'app.handler', Role: `arn:aws:iam::${account}:role/other-team`, MemorySize: 128, Timeout: 3, CodeSha256: sha(new TextEncoder().encode(`code of ${name}`)), State: 'Active', LastUpdateStatus: 'Successful', Version: '$LATEST', ...config },
      versions: [],
      tags,
    });
  }

  private maybeFail(command: string): void {
    const failure = this.failNext.get(command)?.shift();
    if (failure) throw failure;
  }

  private get(name: string): FakeFunction {
    const fn = this.functions.get(name);
    if (!fn) throw awsError('ResourceNotFoundException', `Function not found: ${arnOf(name)}`, 404);
    return fn;
  }
}

function sha(zip: Uint8Array | undefined): string {
  return createHash('sha256')
    .update(zip ?? new Uint8Array(0))
    .digest('base64');
}

export { LambdaClient };
