import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskConfig } from '../config/define-task.ts';
import { lambdaArnParts, type LambdaArnParts } from '../job/lambda-arn.ts';
import { functionNameProblem } from './names.ts';
import { deployStateRoleKinds, type RecordedRoleKind } from './role-kinds.ts';
import { stackOutputKeys } from '../job/stack-output-keys.ts';
import { withoutBom } from '../run/json-lines.ts';
import { writeWhole } from '../cli/write-whole.ts';

/**
 * What `gtkit deploy` did, kept in `<task>/.gtkit/deploy-state.json`. `gtkit job` reads it to
 * fill the function ARNs and the uploaded S3 locations into the CreateLabelingJob request.
 */
export interface DeployedFunction {
  name: string;
  /** Unqualified ARN: what the CreateLabelingJob request references. */
  arn: string;
  /** ARN of the version the last deploy's PublishVersion returned (new, or the last one when nothing had changed). */
  versionArn?: string;
  /** Base64 SHA-256 of the deployed zip; an equal build is not uploaded again. */
  codeSha256: string;
  runtime: string;
  deployedAt: string;
  /**
   * The build id of the gtkit whose code the deployed zip carries (`scaffold/build/build-id.ts`);
   * absent in a state an older gtkit wrote. The next deploy says when it swaps in another's.
   */
  gtkitBuild?: string;
}

export interface DeployState {
  version: 1;
  region: string;
  account?: string;
  functions: { pre?: DeployedFunction; acs?: DeployedFunction };
  /** S3 URIs of the uploaded template, label-category file and manifest. */
  uploads: { template?: string; labelCategories?: string; manifest?: string };
  /**
   * Roles made by `--create-roles`: one per function and Ground Truth's. `lambdaExecution` is the one
   * role an older gtkit gave both functions, kept in the record until a deploy moves the functions
   * to roles of their own (gtkit leaves the role itself for its owner to delete).
   */
  roles?: Partial<Record<RecordedRoleKind, string>>;
  /**
   * The Region the roles' policies name (log groups, the functions the job may invoke): the one of
   * the last `--create-roles`. A state written before it was recorded means `region`.
   */
  rolesRegion?: string;
}

/** The Region the recorded roles' policies are scoped to. */
export function rolesRegionOf(state: Pick<DeployState, 'region' | 'rolesRegion'>): string {
  return state.rolesRegion ?? state.region;
}

/**
 * The Region the Ground Truth role `--create-roles` made is scoped to, when the config's `roleArn`
 * names that role and its `region` is another one (it changed since): a job run with the role
 * cannot invoke its functions. Undefined otherwise. Deploy and `gtkit job` each say it their way.
 */
export function groundTruthRoleScopedElsewhere(state: Pick<DeployState, 'roles' | 'region' | 'rolesRegion'>, config: Pick<TaskConfig, 'roleArn' | 'region'>): string | undefined {
  const made = state.roles?.groundTruthExecution;
  const scopedTo = rolesRegionOf(state);
  return made !== undefined && made === config.roleArn && scopedTo !== config.region ? scopedTo : undefined;
}

export const deployStateFileName = join('.gtkit', 'deploy-state.json');

export function deployStateFile(taskDir: string): string {
  return join(taskDir, deployStateFileName);
}

const isLambdaArn = (value: unknown): value is string => typeof value === 'string' && lambdaArnParts(value) !== undefined;
const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;
const s3UriPattern = /^s3:\/\/[^/\s]+\/\S*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * How a function's ARN disagrees with the rest of the state: another region or account than the
 * state's (a hand edit, or a deploy with other credentials mixed in), or another function than
 * its `name`. `gtkit job` would put such an ARN in the request as it is.
 */
function arnMismatches(arn: string, { region, account, name }: LambdaArnParts, at: string, state: Record<string, unknown>, f: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof state.region === 'string' && state.region !== '' && region !== state.region) out.push(`${at}.arn: is in ${region}, the state's region is ${state.region}`);
  if (typeof state.account === 'string' && account !== state.account) out.push(`${at}.arn: is in account ${account}, the state's account is ${state.account}`);
  if (typeof f.name === 'string' && name !== f.name) out.push(`${at}.arn: names the function ${name}, ${at}.name says ${f.name}`);
  if (typeof f.versionArn === 'string' && !f.versionArn.startsWith(`${arn}:`)) out.push(`${at}.versionArn: is not a version of ${at}.arn`);
  return out;
}

/**
 * Checks a parsed deploy-state file. Every problem names its JSON path; the file is gtkit's own,
 * so the fix is always to deploy again (or delete the file).
 */
export function parseDeployState(value: unknown, file: string): DeployState {
  const problems: string[] = [];
  const need = (ok: boolean, path: string, what: string) => {
    if (!ok) problems.push(`${path}: ${what}`);
  };
  if (!isRecord(value)) throw new Error(`${file}: expected a JSON object; delete the file and run gtkit deploy again`);
  need(value.version === 1, 'version', `expected 1, got ${JSON.stringify(value.version)}`);
  need(typeof value.region === 'string' && value.region !== '', 'region', 'expected a region name');
  if (value.account !== undefined) need(typeof value.account === 'string' && /^\d{12}$/.test(value.account), 'account', 'expected a 12-digit account id');
  const functions = value.functions;
  need(isRecord(functions), 'functions', 'expected an object');
  if (isRecord(functions)) {
    for (const key of Object.keys(functions)) need(key === 'pre' || key === 'acs', `functions.${key}`, 'unknown function (expected pre or acs)');
    for (const which of ['pre', 'acs'] as const) {
      const f = functions[which];
      if (f === undefined) continue;
      const at = `functions.${which}`;
      if (!isRecord(f)) {
        problems.push(`${at}: expected an object`);
        continue;
      }
      need(typeof f.name === 'string' && functionNameProblem(f.name, `${at}.name`) === undefined, `${at}.name`, 'expected a Lambda function name');
      const parts = typeof f.arn === 'string' ? lambdaArnParts(f.arn) : undefined;
      need(parts !== undefined, `${at}.arn`, 'expected a Lambda function ARN');
      if (f.versionArn !== undefined) need(isLambdaArn(f.versionArn), `${at}.versionArn`, 'expected a Lambda version ARN');
      need(typeof f.codeSha256 === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(f.codeSha256), `${at}.codeSha256`, 'expected a base64 SHA-256');
      need(typeof f.runtime === 'string' && f.runtime !== '', `${at}.runtime`, 'expected a runtime name');
      need(typeof f.deployedAt === 'string' && !Number.isNaN(Date.parse(f.deployedAt)), `${at}.deployedAt`, 'expected an ISO date');
      if (f.gtkitBuild !== undefined) need(typeof f.gtkitBuild === 'string' && /^[0-9a-f]{12}$/.test(f.gtkitBuild), `${at}.gtkitBuild`, 'expected a gtkit build id (12 hex digits)');
      if (parts) problems.push(...arnMismatches(f.arn as string, parts, at, value, f));
    }
  }
  const uploads = value.uploads;
  need(isRecord(uploads), 'uploads', 'expected an object');
  if (isRecord(uploads)) {
    for (const [key, uri] of Object.entries(uploads)) {
      need(['template', 'labelCategories', 'manifest'].includes(key), `uploads.${key}`, 'unknown upload');
      need(typeof uri === 'string' && s3UriPattern.test(uri), `uploads.${key}`, 'expected an s3:// URI');
    }
  }
  if (value.rolesRegion !== undefined) need(typeof value.rolesRegion === 'string' && value.rolesRegion !== '', 'rolesRegion', 'expected a region name');
  if (value.roles !== undefined) {
    need(isRecord(value.roles), 'roles', 'expected an object');
    if (isRecord(value.roles)) {
      for (const [key, arn] of Object.entries(value.roles)) {
        need((deployStateRoleKinds as readonly string[]).includes(key), `roles.${key}`, `unknown role (expected ${deployStateRoleKinds.join(', ')})`);
        need(typeof arn === 'string' && roleArnPattern.test(arn), `roles.${key}`, 'expected an IAM role ARN');
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).map((p) => `  ${p}`);
    if (problems.length > 10) shown.push(`  … and ${problems.length - 10} more`);
    throw new Error(`${file}: not a valid deploy state:\n${shown.join('\n')}\nDelete the file and run gtkit deploy again.`);
  }
  return value as unknown as DeployState;
}

/** The task's deploy state, or undefined before the first deploy. */
export async function readDeployState(taskDir: string): Promise<DeployState | undefined> {
  const file = deployStateFile(taskDir);
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // Node's message for a folder (EISDIR) names no path.
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (error as Error).message})`;
    throw new Error(`${file}: ${why}; remove it and run gtkit deploy again`);
  }
  let json: unknown;
  try {
    // An editor may save a byte-order mark; it is not part of the JSON (as in manifests).
    json = JSON.parse(withoutBom(text));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); delete it and run gtkit deploy again`);
  }
  return parseDeployState(json, file);
}

/** Writes the deploy state whole (beside, then renamed: a crash never leaves half a file). */
export async function writeDeployState(taskDir: string, state: DeployState): Promise<string> {
  const file = deployStateFile(taskDir);
  parseDeployState(state, file);
  await writeWhole(file, `${JSON.stringify(state, null, 2)}\n`, 'check that gtkit may write the task folder\'s .gtkit folder');
  return file;
}

/**
 * Output keys of the stack `gtkit deploy --emit-cloudformation` describes:
 * - `PreAnnotationLambdaArn`, `ConsolidationLambdaArn`: the functions (unqualified ARNs);
 * - `PreAnnotationLambdaVersionArn`, `ConsolidationLambdaVersionArn`: the versions published;
 * - `PreAnnotationRoleArn`, `ConsolidationRoleArn`, `GroundTruthExecutionRoleArn`: the roles, for
 *   the stack's reader; gtkit job reads the last alone (the job's RoleArn). A stack made by an older
 *   gtkit has `LambdaExecutionRoleArn`, the one role of both functions, instead of the first two.
 */
export const cloudFormationOutputKeys = {
  pre: stackOutputKeys.pre,
  acs: stackOutputKeys.acs,
  preVersion: 'PreAnnotationLambdaVersionArn',
  acsVersion: 'ConsolidationLambdaVersionArn',
  preRole: 'PreAnnotationRoleArn',
  acsRole: 'ConsolidationRoleArn',
  groundTruthRole: 'GroundTruthExecutionRoleArn',
} as const;

export interface StackOutput {
  OutputKey?: string;
  OutputValue?: string;
}

export interface StackArns {
  pre: string;
  acs: string;
  preVersion?: string;
  acsVersion?: string;
  /** The job's RoleArn. The functions' roles are outputs too, but nothing of gtkit needs them. */
  groundTruthRole?: string;
}

/**
 * The ARNs from a gtkit stack's outputs. Takes the `Outputs` array, one stack object, or the
 * whole document `aws cloudformation describe-stacks` prints (`{"Stacks": [...]}`).
 *
 * @example
 * // aws cloudformation describe-stacks --stack-name intent-gtkit > stack.json
 * arnsFromStackOutputs(JSON.parse(readFileSync('stack.json', 'utf8'))).pre
 */
export function arnsFromStackOutputs(input: StackOutput[] | { Outputs?: StackOutput[] } | { Stacks?: Array<{ Outputs?: StackOutput[]; StackName?: string }> }): StackArns {
  // Typed for callers; checked as unknown, since it usually comes straight from a JSON file.
  const raw: unknown = input;
  let outputs: unknown;
  if (Array.isArray(raw)) outputs = raw;
  else if (isRecord(raw) && Array.isArray(raw.Stacks)) {
    const all = raw.Stacks.filter(isRecord);
    const ours = all.filter((s) => Array.isArray(s.Outputs) && s.Outputs.some((o) => isRecord(o) && o.OutputKey === stackOutputKeys.pre));
    if (ours.length > 1) throw new Error(`the document describes ${ours.length} gtkit stacks; pass the outputs of one (describe-stacks --stack-name <name>)`);
    outputs = (ours[0] ?? all[0])?.Outputs ?? [];
  } else if (isRecord(raw) && 'Outputs' in raw) outputs = raw.Outputs;
  else throw new Error('expected the Outputs array of a stack, or what aws cloudformation describe-stacks prints');
  if (!Array.isArray(outputs)) throw new Error('Outputs: expected an array of { OutputKey, OutputValue }');
  const byKey = new Map<string, string>();
  outputs.forEach((o, i) => {
    if (!isRecord(o) || typeof o.OutputKey !== 'string' || typeof o.OutputValue !== 'string') throw new Error(`Outputs[${i}]: expected { OutputKey, OutputValue } strings`);
    // Keys are looked up by name, so "__proto__" or any other key is just data.
    byKey.set(o.OutputKey, o.OutputValue);
  });
  const get = (key: string, required: boolean, isArn: (value: string) => boolean, what: string): string | undefined => {
    const value = byKey.get(key);
    if (value === undefined) {
      if (required) throw new Error(`the stack outputs have no ${key}; was the stack made from gtkit deploy --emit-cloudformation?`);
      return undefined;
    }
    if (!isArn(value)) throw new Error(`${key}: ${JSON.stringify(value.slice(0, 200))} is not ${what}`);
    return value;
  };
  const pre = get(cloudFormationOutputKeys.pre, true, isLambdaArn, 'a Lambda function ARN') as string;
  const acs = get(cloudFormationOutputKeys.acs, true, isLambdaArn, 'a Lambda function ARN') as string;
  const preVersion = get(cloudFormationOutputKeys.preVersion, false, isLambdaArn, 'a Lambda version ARN');
  const acsVersion = get(cloudFormationOutputKeys.acsVersion, false, isLambdaArn, 'a Lambda version ARN');
  const groundTruthRole = get(cloudFormationOutputKeys.groundTruthRole, false, (value) => roleArnPattern.test(value), 'an IAM role ARN');
  return { pre, acs, ...(preVersion ? { preVersion } : {}), ...(acsVersion ? { acsVersion } : {}), ...(groundTruthRole ? { groundTruthRole } : {}) };
}
