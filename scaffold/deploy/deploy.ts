import { readFile } from 'node:fs/promises';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildTaskLambdas, type BuiltLambda } from '../../build.ts';
import { S3ObjectStore } from '../../lambdas/io/s3-store.ts';
import { buildLabelCategoryConfig } from '../job/label-categories.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { explainAwsError, withRetry } from './aws-errors.ts';
import { createOrUpdateFunction, type FunctionResult } from './lambda-functions.ts';
import { roleNames } from './policies.ts';
import { ensureRoles } from './roles.ts';
import { readDeployState, writeDeployState, type DeployState } from './state.ts';

export interface DeployOptions {
  runtime?: 'nodejs24.x' | 'nodejs22.x';
  createRoles?: boolean;
  dryRun?: boolean;
  sdk?: 'bundled' | 'runtime';
  skipUploads?: boolean;
}

/** AWS clients, injectable (tests use aws-sdk-client-mock and an S3-protocol server). */
export interface DeployClients {
  lambda: LambdaClient;
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  sleep?: (ms: number) => Promise<void>;
}

export function defaultClients(region: string): DeployClients {
  return { lambda: new LambdaClient({ region }), iam: new IAMClient({ region }), sts: new STSClient({ region }), s3: new S3Client({ region }) };
}

export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

export interface DeployResult {
  plan: string[];
  functions: { pre?: FunctionResult; acs?: FunctionResult };
  uploads: DeployState['uploads'];
  state?: DeployState;
}

/** Runs one step; an AWS error becomes a DeployError that says what to do. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new DeployError(explainAwsError(error, what));
  }
}

/**
 * Deploys a task: builds the zips, uploads the template, label categories and manifest to S3,
 * optionally creates the roles, creates or updates both functions (skipping unchanged code),
 * publishes versions, and records the ARNs in `.gtkit/deploy-state.json`. With `dryRun`, it
 * prints the plan and calls nothing.
 */
export async function deployTask(task: LoadedTask, options: DeployOptions, clients: DeployClients, progress: (line: string) => void): Promise<DeployResult> {
  const { config } = task;
  const runtime = options.runtime ?? config.lambdas.runtime ?? 'nodejs24.x';
  const where = jobLocations(config);
  progress(`build: bundling ${task.paths.pre} and ${task.paths.acs}`);
  const built = await buildTaskLambdas(task, options.sdk ? { sdk: options.sdk } : {});
  const previous = await readDeployState(task.dir);
  const plan: string[] = [];
  if (!options.skipUploads) plan.push(`upload ${task.paths.template} → ${where.template}`, `upload label categories → ${where.labelCategories}`, `upload ${task.paths.manifest} → ${where.manifest}`);
  if (options.createRoles) plan.push(`create or update roles ${roleNames(config).lambdaExecution} and ${roleNames(config).groundTruthExecution} (least-privilege inline policies)`);
  for (const which of ['pre', 'acs'] as const) {
    const b = built[which];
    const known = previous?.functions[which];
    const change = known?.codeSha256 === b.codeSha256 && known.runtime === runtime ? 'code unchanged since the last deploy' : 'create or update';
    plan.push(`${change}: Lambda ${config.lambdas[which].functionName} (${runtime}, ${b.handler}, ${(b.zipBytes / 1024).toFixed(1)} KB zip, sha256 ${b.codeSha256})`);
  }
  plan.push(`record ARNs in ${task.dir}/.gtkit/deploy-state.json`);
  if (options.dryRun) {
    for (const line of plan) progress(`plan: ${line}`);
    return { plan, functions: {}, uploads: {} };
  }

  const identity = await step('finding your AWS account (sts:GetCallerIdentity)', () => withRetry(() => clients.sts.send(new GetCallerIdentityCommand({})), clients.sleep ? { sleep: clients.sleep } : {}));
  const account = identity.Account ?? '';
  progress(`account ${account}, region ${config.region}`);

  const uploads: DeployState['uploads'] = {};
  if (!options.skipUploads) {
    const store = new S3ObjectStore(clients.s3);
    const put = async (uri: string, text: string, type: string) => {
      await step(`uploading ${uri} (s3:PutObject)`, () => store.putText(uri, text, type));
      progress(`  uploaded ${uri}`);
    };
    progress('upload: job files');
    await put(where.template, await readFile(task.paths.template, 'utf8'), 'text/html; charset=utf-8');
    uploads.template = where.template;
    await put(where.labelCategories, JSON.stringify(buildLabelCategoryConfig(config), null, 2), 'application/json');
    uploads.labelCategories = where.labelCategories;
    await put(where.manifest, await readFile(task.paths.manifest, 'utf8'), 'application/jsonl');
    uploads.manifest = where.manifest;
  }

  let roles: DeployState['roles'] | undefined;
  if (options.createRoles) {
    progress('roles');
    roles = await step('creating the execution roles (iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy)', () => ensureRoles(clients.iam, config, account, progress, clients.sleep));
  }
  const roleArn = roles?.lambdaExecution ?? config.lambdas.executionRoleArn ?? previous?.roles?.lambdaExecution;
  if (!roleArn) throw new DeployError('the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or run gtkit deploy --create-roles');

  const functions: DeployResult['functions'] = {};
  const deployed: DeployState['functions'] = { ...(previous?.functions ?? {}) };
  for (const which of ['pre', 'acs'] as const) {
    const settings = config.lambdas[which];
    const b: BuiltLambda = built[which];
    progress(`lambda: ${settings.functionName}`);
    const result = await step(`deploying ${settings.functionName} (lambda:GetFunctionConfiguration, CreateFunction, UpdateFunctionCode, PublishVersion)`, () =>
      createOrUpdateFunction(
        { lambda: clients.lambda, progress, ...(clients.sleep ? { sleep: clients.sleep } : {}) },
        {
          name: settings.functionName,
          zip: b.zip,
          codeSha256: b.codeSha256,
          handler: b.handler,
          runtime,
          roleArn,
          memoryMb: settings.memoryMb ?? (which === 'pre' ? 256 : 1024),
          timeoutSeconds: settings.timeoutSeconds ?? (which === 'pre' ? 30 : 300),
          description: `gtkit ${which === 'pre' ? 'pre-annotation' : 'annotation-consolidation'} Lambda of ${config.jobName}`,
        },
      ),
    );
    functions[which] = result;
    deployed[which] = {
      name: settings.functionName,
      arn: result.arn,
      ...(result.versionArn ? { versionArn: result.versionArn } : previous?.functions[which]?.versionArn ? { versionArn: previous.functions[which]?.versionArn as string } : {}),
      codeSha256: b.codeSha256,
      runtime,
      deployedAt: new Date().toISOString(),
    };
    progress(`  ${result.action}: ${result.arn}${result.versionArn ? ` (version ${result.versionArn.split(':').pop()})` : ''}`);
  }
  const state: DeployState = {
    version: 1,
    region: config.region,
    functions: deployed,
    uploads: { ...(previous?.uploads ?? {}), ...uploads },
    ...(roles || previous?.roles ? { roles: { ...(previous?.roles ?? {}), ...(roles ?? {}) } } : {}),
  };
  await writeDeployState(task.dir, state);
  progress(`recorded the ARNs in ${task.dir}/.gtkit/deploy-state.json; gtkit job now references them`);
  return { plan, functions, uploads, state };
}
