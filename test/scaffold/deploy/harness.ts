import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { DeployClients } from '../../../scaffold/deploy/deploy.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { account, awsError, FakeLambda, region } from './fake-lambda.ts';

/**
 * What every deploy test file sets up: s3rver on 127.0.0.1 with `buckets`, a temporary folder
 * (both gone after the file), Lambda, IAM, STS and CloudWatch Logs mocked (a fresh fake Lambda, a
 * caller in `account` and no log groups before each test, every mock reset after it). Call it
 * once, at the top of the file.
 */
export function deployHarness(buckets: readonly string[], tempPrefix: string) {
  const lambdaMock = mockClient(LambdaClient);
  const iamMock = mockClient(IAMClient);
  const stsMock = mockClient(STSClient);
  const logsMock = mockClient(CloudWatchLogsClient);
  /** The log groups that exist, by name, with their retention (CloudWatch Logs as the deploy sees it). */
  let logGroups = new Map<string, number | undefined>();
  let s3: LocalS3 | undefined;
  let root: string | undefined;
  let fake: FakeLambda | undefined;
  beforeAll(async () => {
    s3 = await startLocalS3([...buckets]);
    root = await mkdtemp(join(tmpdir(), tempPrefix));
  }, 30_000);
  afterAll(async () => {
    await s3?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake = new FakeLambda(lambdaMock).install();
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/dev` });
    logGroups = new Map();
    logsMock.on(CreateLogGroupCommand).callsFake((input: { logGroupName: string }) => {
      if (logGroups.has(input.logGroupName)) throw awsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      logGroups.set(input.logGroupName, undefined);
      return {};
    });
    logsMock.on(PutRetentionPolicyCommand).callsFake((input: { logGroupName: string; retentionInDays: number }) => {
      if (!logGroups.has(input.logGroupName)) throw awsError('ResourceNotFoundException', 'The specified log group does not exist.');
      logGroups.set(input.logGroupName, input.retentionInDays);
      return {};
    });
  });
  afterEach(() => {
    lambdaMock.reset();
    iamMock.reset();
    stsMock.reset();
    logsMock.reset();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`deployHarness: ${what} is made in beforeAll/beforeEach; use it inside a test`);
    return value;
  };
  return {
    lambdaMock,
    iamMock,
    stsMock,
    logsMock,
    /** The log groups that exist, by name, with the retention set on each (undefined: none). */
    get logGroups(): ReadonlyMap<string, number | undefined> {
      return logGroups;
    },
    get s3(): LocalS3 {
      return started(s3, 's3rver');
    },
    get root(): string {
      return started(root, 'the temporary folder');
    },
    get fake(): FakeLambda {
      return started(fake, 'the fake Lambda');
    },
    /** s3rver's S3 client, counting the commands sent through it; `fail` answers one kind of command with an error instead. */
    countingS3(fail: { command?: string; error?: Error } = {}): { client: S3Client; sent: string[] } {
      const sent: string[] = [];
      const real = started(s3, 's3rver').client;
      const client = {
        send: (command: { constructor: { name: string } }) => {
          sent.push(command.constructor.name);
          if (fail.command === command.constructor.name) return Promise.reject(fail.error);
          return real.send(command as never);
        },
      } as unknown as S3Client;
      return { client, sent };
    },
    /** Clients for deployTask: the mocked ones, s3rver's S3 (or `overrides`), no waiting between retries. */
    clients(overrides: Partial<DeployClients> = {}): DeployClients {
      return {
        lambda: new LambdaClient({ region }),
        iam: new IAMClient({ region }),
        sts: new STSClient({ region }),
        s3: started(s3, 's3rver').client,
        logs: new CloudWatchLogsClient({ region }),
        sleep: async () => {},
        waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 },
        ...overrides,
      };
    },
  };
}
