import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildTaskLambdas, BundleError, formatSize, type BuiltTaskLambdas, type SdkChoice } from '../../build.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { defaultRuntime, functionDescription, functionEnvironment, functionSettings, supportedRuntimes } from './function-settings.ts';
import { createOrUpdateFunction, findFunction, type FunctionLookup, type FunctionResult, type LambdaRuntime, type WaiterTiming } from './lambda-functions.ts';
import { functionOwnership, gtkitTags, overwriteFunctionsFlag } from './function-ownership.ts';
import { deployStateRoleKinds, sharedLambdaRoleKind } from './role-kinds.ts';
import { andList } from '../../lambdas/contracts/list-text.ts';
import { checkFunctionNames, jobNameProblem, roleNames, sharedLambdaRoleName, type RoleNames } from './names.ts';
import { partitionOf, type AwsPlace } from '../job/aws-place.ts';
import { dataPrefixesOfTask, sharedLambdaPolicyName } from './policies.ts';
import { wholeBucketGrants } from './broad-grants.ts';
import { withRetry, type Sleep } from './retry.ts';
import { ensureRoles, iamRetry, type EnsuredRoles } from './roles.ts';
import { checkRoleOwners, lookUpRoles, type RoleLookups } from './role-ownership.ts';
import { groundTruthRoleScopedElsewhere, readDeployState, rolesRegionOf, writeDeployState, deployStateFile, type DeployState } from './state.ts';
import { functionLogGroupName } from './log-group-names.ts';
import { setLogRetention, type LogGroupResult } from './log-groups.ts';
import { logRetentionOf } from '../config/log-retention.ts';
import { awsStep, DeployError } from './step.ts';
import { dataObjectPlan, plannedSourceRefImages, uploadDataObjects, type DataObjectPlan } from './data-objects.ts';
import { imageQuotaNotes, imageQuotaProblems, imageTaskReason } from '../task/image-quotas.ts';
import { shellWord, shownPath } from '../cli/paths.ts';
import { addCorsRuleFlag, checkCorsRules, type BucketCors } from './cors.ts';
import { jobUploads, lookAtJobFiles, plannedJobFile, refusedJobFiles, uploadJobFiles, type ObjectOfAnotherJobAction, type ObjectUploadResult } from './uploads.ts';
import { objectRefusalPart, OwnershipRefusal, refusalMessage, type RefusalPart } from './object-ownership.ts';
import { iamArnParts } from '../job/locations.ts';
import { lambdaArnParts, lambdaFunctionArn } from '../job/lambda-arn.ts';
import { deployPreflight } from './preflight.ts';
import { buildNotes } from '../build/build-notes.ts';
import { checkBundlesLoad } from './load-check.ts';
import { otherBuildWarning, retagBuild } from './build-change.ts';
import { gtkitBuildTag } from '../build/build-id.ts';
import { goodLinesOf } from '../job/job-manifest.ts';

/** The task's two functions, in the order deploy makes and reports them. */
const functionKinds = ['pre', 'acs'] as const;

export { DeployError, DeployStepError } from './step.ts';

/** Each task file as the upload step's progress line names it. */
const uploadTitles = { template: 'template', labelCategories: 'label categories', manifest: 'manifest' } as const;

export interface DeployOptions {
  runtime?: LambdaRuntime;
  createRoles?: boolean;
  dryRun?: boolean;
  sdk?: SdkChoice;
  skipUploads?: boolean;
  /** Also upload the manifest's data objects from their local copies under `<task>/s3/`. */
  uploadData?: boolean;
  /** Update a function of the configured name even when gtkit cannot tell it is this task's (`--overwrite-functions`). */
  overwriteFunctions?: boolean;
  /** With `createRoles`: set the inline policies of roles of the job's role names that gtkit cannot tell are this task's (`--overwrite-roles`). */
  overwriteRoles?: boolean;
  /** Replace task files (template, label categories, manifest) gtkit uploaded for another job (`--overwrite-objects`). */
  overwriteObjects?: boolean;
  /** Add the rule Ground Truth's workers need to the CORS configuration of the data buckets that lack it (`--add-cors-rule`). */
  addCorsRule?: boolean;
}

/** AWS clients, injectable: tests use aws-sdk-client-mock for Lambda, IAM, STS and CloudWatch Logs, and s3rver for S3. */
export interface DeployClients {
  lambda: LambdaClient;
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
  sleep?: Sleep;
  waiter?: WaiterTiming;
}

export function defaultClients(region: string): DeployClients {
  return { lambda: new LambdaClient({ region }), iam: new IAMClient({ region }), sts: new STSClient({ region }), s3: new S3Client({ region }), logs: new CloudWatchLogsClient({ region }) };
}

export interface DeployResult {
  dryRun: boolean;
  region: string;
  account?: string;
  runtime: LambdaRuntime;
  plan: string[];
  warnings: string[];
  /** The build's notes (`build-notes.ts`): the task's gtkit is not the CLI's, an ACS over gtkit's size budget. */
  notes: string[];
  build: Record<'pre' | 'acs', { codeSha256: string; bytes: number; zipBytes: number; zipFile: string; gtkitBuild?: string }>;
  uploads: DeployState['uploads'];
  /** Every object this deploy put on S3 or found there with the same content: what, where, `uploaded` or `unchanged`, and why. */
  objects: ObjectUploadResult[];
  /**
   * The task files on S3 that gtkit uploaded for another job, and what the deploy does (a dry run:
   * would do) with each: `refuse` (it stops before any change), `replace` (`--overwrite-objects`),
   * `leave` (this job's content already; shared by both jobs from then on).
   */
  objectsOfOtherJobs?: ObjectOfAnotherJobAction[];
  /** With `uploadData`: how many data objects were uploaded, how many were already on S3 as they are, and those without a local copy. */
  dataObjects?: { uploaded: number; unchanged: number; missing: string[] };
  /** The roles `--create-roles` made or kept: one per function, and Ground Truth's. */
  roles?: RoleNames;
  /**
   * The one role an older gtkit's `--create-roles` gave both functions, when this deploy moved them
   * to roles of their own: gtkit leaves it (a job or a person may still use it) for its owner to delete.
   */
  sharedRoleLeft?: string;
  /**
   * Each function's log group (`log-groups.ts`): made when it was not there yet, and given
   * `lambdas.logRetentionDays`, on every deploy; one gtkit could not set carries why and the AWS
   * CLI commands that do it. Empty in a dry run (its plan lists the steps).
   */
  logGroups: LogGroupResult[];
  /** When the template loads the data in the worker's browser (an image tool): each data bucket's CORS rule, found, missing, added or not checked. */
  cors?: BucketCors[];
  functions: { pre?: FunctionResult; acs?: FunctionResult };
  stateFile?: string;
}

function describeBuild(built: BuiltTaskLambdas): DeployResult['build'] {
  const one = (b: BuiltTaskLambdas['pre']) => ({ codeSha256: b.codeSha256, bytes: b.bytes, zipBytes: b.zipBytes, zipFile: b.zipFile, ...(b.gtkitBuild ? { gtkitBuild: b.gtkitBuild } : {}) });
  return { pre: one(built.pre), acs: one(built.acs) };
}

/**
 * The roles `--create-roles` made name one Region in their policies (the Lambdas' log groups, the
 * functions the job may invoke). A deploy to another Region that keeps using them leaves functions
 * that cannot log and a job that cannot invoke them; one that rescopes them takes them from a job
 * still running in the old Region. Either is said, with what to do.
 */
function rolesInAnotherRegion(previous: DeployState, config: LoadedTask['config'], createRoles: boolean): string | undefined {
  const roles = previous.roles;
  const scopedTo = rolesRegionOf(previous);
  if (!roles || scopedTo === config.region) return undefined;
  // --create-roles rescopes the roles it makes; the one role an older gtkit gave both functions it leaves as it is.
  const names = andList(deployStateRoleKinds.filter((kind) => !(createRoles && kind === sharedLambdaRoleKind)).map((kind) => roles[kind]).filter((arn) => arn !== undefined));
  if (createRoles && names === '') return undefined;
  if (createRoles) return `--create-roles rescopes ${names} from ${scopedTo} to ${config.region}: a job still running in ${scopedTo} with them can no longer invoke its functions there`;
  const functionRoles = [roles.preExecution, roles.acsExecution, roles.lambdaExecution].some((arn) => arn !== undefined);
  const used = (config.lambdas.executionRoleArn === undefined && functionRoles) || groundTruthRoleScopedElsewhere(previous, config) !== undefined;
  if (!used) return undefined;
  return `${names} (made by --create-roles) let the Lambdas log and the job invoke them only in ${scopedTo}, and this deploy goes to ${config.region}: deploy with --create-roles to scope them to ${config.region}`;
}

/**
 * The recorded roles that are this job's: the names `--create-roles` gives them for this job. A
 * task folder copied with its `.gtkit/`, or a job renamed since, records another job's roles, whose
 * policies name that job's functions, log groups and S3 folders: Lambdas given them could not log
 * or read their payloads, and nothing would say why until the labeling job failed.
 */
function rolesOfThisJob(roles: NonNullable<DeployState['roles']>, config: LoadedTask['config']): { kept: DeployState['roles']; others: string[] } {
  const names = { ...roleNames(config), lambdaExecution: sharedLambdaRoleName(config) };
  const kept: NonNullable<DeployState['roles']> = {};
  const others: string[] = [];
  for (const which of deployStateRoleKinds) {
    const arn = roles[which];
    if (arn === undefined) continue;
    if (roleNameOf(arn) === names[which]) kept[which] = arn;
    else others.push(arn);
  }
  return { kept: Object.keys(kept).length > 0 ? kept : undefined, others };
}

/** `arn:aws:iam::1:role/path/name` → `name`. */
function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The role each function runs with when `--create-roles` does not make them: the config's
 * `lambdas.executionRoleArn` (one role of yours for both), else the function's own role a past
 * `--create-roles` recorded, else the one role an older gtkit gave both (`shared`, said apart).
 */
function recordedFunctionRoles(config: LoadedTask['config'], roles: DeployState['roles']): { pre?: string; acs?: string; shared?: string } {
  const own = config.lambdas.executionRoleArn;
  if (own !== undefined) return { pre: own, acs: own };
  const pre = roles?.preExecution ?? roles?.lambdaExecution;
  const acs = roles?.acsExecution ?? roles?.lambdaExecution;
  const shared = roles?.lambdaExecution !== undefined && (pre === roles.lambdaExecution || acs === roles.lambdaExecution) ? roles.lambdaExecution : undefined;
  return { ...(pre ? { pre } : {}), ...(acs ? { acs } : {}), ...(shared ? { shared } : {}) };
}

/**
 * What to say of the one role an older gtkit's `--create-roles` gave both functions, once a deploy
 * has moved them to roles of their own: gtkit deletes no role, since a job, a person or another
 * function may still use it, so the commands that would delete it are given instead.
 */
export function sharedRoleLeftNote(roleArn: string): string {
  const name = shellWord(roleNameOf(roleArn));
  return `the functions no longer use ${roleArn}, the one role an older gtkit gave both: each now has a role of its own with only what it needs. gtkit leaves ${roleNameOf(roleArn)} as it is; once nothing else uses it, delete it with aws iam delete-role-policy --role-name ${name} --policy-name ${sharedLambdaPolicyName} and aws iam delete-role --role-name ${name}`;
}

/**
 * The recorded functions that still have the configured names. A function renamed in the config
 * since is another function: its record says nothing about the new one (whether it is this task's,
 * its code, its last version).
 */
function functionsOfThisJob(functions: DeployState['functions'], config: LoadedTask['config']): DeployState['functions'] {
  const kept: DeployState['functions'] = {};
  for (const which of functionKinds) {
    const recorded = functions[which];
    if (recorded?.name === config.lambdas[which].functionName) kept[which] = recorded;
  }
  return kept;
}

/**
 * Looks at both functions before anything is changed, so a deploy that must stop leaves the
 * first one alone too. A function gtkit cannot recognise as this task's (`function-ownership.ts`)
 * is refused unless `overwrite` (returned, for one message with the task files refused); one made
 * for another job of the same folder (a team's second job, a copied folder) is updated with a
 * warning when its code changes, since the first job's request names the function itself and a
 * job still running would run the new code. Returns what GetFunction found, for the update.
 */
async function checkFunctionOwners(
  task: LoadedTask,
  { built, previous, context, overwrite }: { built: BuiltTaskLambdas; previous: DeployState | undefined; context: AwsPlace; overwrite: boolean },
  clients: DeployClients,
  progress: (line: string) => void,
  warn: (line: string) => void,
): Promise<{ refusal?: RefusalPart; lookups: Record<'pre' | 'acs', FunctionLookup> }> {
  const { config } = task;
  const refused: string[] = [];
  const lookUp = async (which: 'pre' | 'acs'): Promise<FunctionLookup> => {
    const name = config.lambdas[which].functionName;
    const found = await findFunction({ lambda: clients.lambda, progress, ...(clients.sleep ? { sleep: clients.sleep } : {}) }, name, lambdaFunctionArn(context, name));
    const owner = functionOwnership(found, previous?.functions[which] !== undefined, config.jobName);
    if (owner.kind === 'unrecognised') {
      if (overwrite) warn(`${overwriteFunctionsFlag}: replacing the code and settings of ${name}, which gtkit cannot tell is this task's: ${owner.why}`);
      else refused.push(`  lambdas.${which}.functionName: ${name} exists in ${context.account} ${context.region}, and gtkit cannot tell it is this task's: the deploy state does not record it, and ${owner.why}`);
      return { found };
    }
    if (owner.kind !== 'own') return { found };
    const codeChanges = found?.Configuration?.CodeSha256 !== built[which].codeSha256;
    if (owner.madeForJob !== undefined && codeChanges) {
      warn(`${name} was made for the job ${owner.madeForJob} (its gtkit-job tag), and this deploy of ${config.jobName} changes its code: a labeling job names the function, not a version, so ${owner.madeForJob}, if still running, runs the new code from now on; give lambdas.${which}.functionName a name of its own if it must keep the old code`);
    }
    // The function's own tag first: a teammate's deploy from another clone changes it, not this folder's state.
    const recordedBuild = found?.Tags?.[gtkitBuildTag] ?? previous?.functions[which]?.gtkitBuild;
    const otherBuild = codeChanges ? otherBuildWarning(which, name, { recorded: recordedBuild, current: built[which].gtkitBuild, jobName: config.jobName, dryRun: false }) : undefined;
    if (otherBuild) warn(otherBuild);
    if (owner.stack !== undefined) {
      warn(`${name} belongs to the CloudFormation stack ${owner.stack}: gtkit deploy changes it outside the stack, which then drifts; update the stack instead (gtkit deploy --emit-cloudformation), or give lambdas.${which}.functionName a name of its own`);
    }
    return { found };
  };
  // One after the other (an object literal is evaluated in order), the PRE first: its warnings and refusal lines come first.
  const looked = { pre: await lookUp('pre'), acs: await lookUp('acs') };
  if (refused.length === 0) return { lookups: looked };
  return {
    refusal: {
      lines: refused,
      why: "It may be another team's or a hand-made function.",
      fix: `Name a function of your own in gtkit.config.ts, or deploy with ${overwriteFunctionsFlag} to replace its code and settings with this task's.`,
    },
    lookups: looked,
  };
}

/**
 * Deploys a task: builds the zips, uploads the template, label categories and manifest to S3
 * (each only when S3 does not already hold it with the same content: see `stored-object.ts`),
 * optionally creates the roles (one per function, and Ground Truth's), creates or updates both functions (code that has not
 * changed is not uploaded), publishes versions, gives their log groups `lambdas.logRetentionDays`
 * and records the ARNs in `.gtkit/deploy-state.json`, which `gtkit job` reads. Both bundles are
 * loaded first, as Lambda's cold start loads them (`load-check.ts`). Each step reports progress; every AWS
 * error becomes a DeployStepError that says what to do. With `dryRun` it builds, prints the
 * plan (compared with the last recorded deploy) and makes no change; its only AWS calls are the
 * HeadObjects of the task files (none with `skipUploads`).
 */
export async function deployTask(task: LoadedTask, options: DeployOptions, clients: DeployClients, progress: (line: string) => void): Promise<DeployResult> {
  const { config } = task;
  const runtime = options.runtime ?? config.lambdas.runtime ?? defaultRuntime;
  if (!supportedRuntimes.includes(runtime)) {
    throw new DeployError(`lambdas.runtime ${JSON.stringify(runtime)} is not supported: use ${supportedRuntimes.join(' or ')} (nodejs20.x left standard support on 2026-04-30)`);
  }
  const warnings: string[] = [];
  /** A warning for the result, printed as it is found. */
  const warn = (line: string) => {
    warnings.push(line);
    progress(`warning: ${line}`);
  };
  const problems = [...jobNameProblem(config), ...checkFunctionNames(config, { explicitInvokePolicy: Boolean(options.createRoles) })];
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new DeployError(`${task.configFile}:\n${errors.map((p) => `  ${p.path}: ${p.problem}; ${p.fix}`).join('\n')}`);
  for (const p of problems) warn(`${p.path}: ${p.problem}; ${p.fix}`);
  // Before the build: a manifest Ground Truth could read nothing from is not worth an upload. With
  // --skip-uploads it is not uploaded; a streaming job's request sends none.
  const preflight = await deployPreflight(task, { checkUploads: !options.skipUploads });
  if (preflight.refusal) throw new DeployError(`${preflight.refusal}. Nothing was deployed`);
  for (const warning of preflight.warnings) warn(warning);
  const { cors } = preflight;

  progress(`build: bundling ${task.paths.pre} and ${task.paths.acs}`);
  let built: BuiltTaskLambdas;
  try {
    built = await buildTaskLambdas(task, options.sdk ? { sdk: options.sdk } : {});
  } catch (error) {
    if (error instanceof BundleError) throw new DeployError(error.message);
    throw error;
  }
  for (const b of [built.pre, built.acs]) progress(`  ${b.name}: ${formatSize(b.bytes)} bundle, ${formatSize(b.zipBytes)} zip, CodeSha256 ${b.codeSha256}`);
  const notes = await buildNotes(task, built);
  for (const note of notes) progress(`  note: ${note}`);
  // Before any change, and in a dry run: an import Lambda would fail on stops here, not at every invocation.
  progress("  load: importing both bundles, as Lambda's cold start does");
  await checkBundlesLoad(task, built, { runtime, warn, stopped: 'Nothing was deployed' });

  let previous: DeployState | undefined;
  try {
    previous = await readDeployState(task.dir);
  } catch (error) {
    throw new DeployError((error as Error).message);
  }
  if (previous && previous.region !== config.region) {
    warn(`the last deploy went to ${previous.region}, this one to ${config.region}: its functions are not reused`);
    previous = { ...previous, functions: {} };
  }
  const names = roleNames(config);
  const namesSaid = `${names.preExecution}, ${names.acsExecution} and ${names.groundTruthExecution}`;
  if (previous?.roles) {
    const { kept, others } = rolesOfThisJob(previous.roles, config);
    for (const arn of others) {
      const fix = options.createRoles ? '--create-roles makes this job\'s own' : 'deploy with --create-roles, or set lambdas.executionRoleArn to use it anyway';
      warn(`the deploy state records the role ${arn}, made by --create-roles for another job (this job's are ${namesSaid}): not used, since its policies name that job's functions and S3 folders; ${fix}`);
    }
    previous = { ...previous, roles: kept };
  }
  if (previous) previous = { ...previous, functions: functionsOfThisJob(previous.functions, config) };
  const rolesNote = previous ? rolesInAnotherRegion(previous, config, Boolean(options.createRoles)) : undefined;
  if (rolesNote) {
    warn(rolesNote);
  }

  const recordedRoles = recordedFunctionRoles(config, previous?.roles);
  // The roles' data folders, once: the whole-bucket warnings and the roles' policies take the same.
  const manifestLines = goodLinesOf(preflight.manifest);
  const dataPrefixes = options.createRoles ? dataPrefixesOfTask(config, manifestLines) : [];
  const plan: string[] = [];
  const objectsOfOtherJobs: NonNullable<DeployResult['objectsOfOtherJobs']> = [];
  if (!options.skipUploads && options.dryRun) {
    // The one read a dry run makes: the HeadObject a deploy makes first, to show what it would upload, leave or stop at.
    for (const look of await lookAtJobFiles(clients.s3, task, clients.sleep ? { sleep: clients.sleep } : {})) {
      const planned = plannedJobFile(look, config, Boolean(options.overwriteObjects));
      plan.push(planned.line);
      if (planned.warning) warn(planned.warning);
      if (planned.other) objectsOfOtherJobs.push(planned.other);
    }
  } else if (!options.skipUploads) {
    for (const u of jobUploads(task)) plan.push(`upload ${u.from} → ${u.uri} (unless S3 holds the same content)`);
  }
  if (!options.skipUploads && config.streaming) plan.push(`keep ${shownPath(task.paths.manifest)} local: a streaming job's request sends no manifest (its objects arrive through ${config.streaming.inputTopicArn}); the samples feed gtkit lint, run and preview`);
  let data: DataObjectPlan | undefined;
  if (options.uploadData) {
    // A manifest that cannot be read has no objects to plan: said as its reader says it (deploy of a streaming task does not check it first).
    if (preflight.manifest.failure) throw preflight.manifest.failure;
    data = await dataObjectPlan(task, manifestLines);
    const bytes = data.uploads.reduce((n, o) => n + o.bytes, 0);
    plan.push(`upload ${data.uploads.length} data object(s) the manifest names from ${task.dir}/s3/ (${formatSize(bytes)})`);
    if (data.missing.length > 0) {
      const note = `${data.missing.length} data object(s) the manifest names have no local copy under s3/ and must already be on S3 (first: ${data.missing[0]})`;
      warn(note);
    }
    // Before anything is uploaded (and in a dry run): an image over a quota is better fixed here than found when the job fails.
    const imageTask = await imageTaskReason(task);
    if (imageTask) {
      const notes = imageQuotaNotes(await imageQuotaProblems(plannedSourceRefImages(data)), imageTask);
      for (const note of notes) warn(`${shownPath(task.paths.manifest)}:${note.lineNumber}: ${note.message}; ${note.hint}`);
    }
  }
  if (cors && cors.buckets.length > 0) {
    plan.push(`${options.addCorsRule ? 'check, and add where missing,' : 'check'} the CORS rule allowing GET from * (the template's ${cors.user} loads the objects in the worker's browser) of ${cors.buckets.map((b) => `s3://${b}`).join(', ')}`);
  }
  if (options.addCorsRule && !cors) warn(`${addCorsRuleFlag}: the template loads no object in the worker's browser with CORS (no crowd image tool, no crossorigin attribute), so no bucket needs the rule; nothing added`);
  if (options.addCorsRule && cors?.buckets.length === 0) warn(`${addCorsRuleFlag}: the manifest names no s3:// object, so there is no bucket to add the rule to`);
  if (options.createRoles) {
    plan.push(`create or update roles ${namesSaid} (one per function, and Ground Truth's) with least-privilege inline policies`);
    if (previous?.roles?.lambdaExecution) plan.push(`move the functions off ${previous.roles.lambdaExecution}, the one role an older gtkit gave both, and leave that role as it is (gtkit deletes no role)`);
    // A dry run reads no role: whether the old one exists is for the deploy's GetRole to find.
    else plan.push(`look up ${sharedLambdaRoleName(config)} (the one role an older gtkit gave both functions): if it exists, move the functions off it, leave it as it is (gtkit deletes no role) and say how to delete it`);
    for (const grant of wholeBucketGrants(config, { lines: manifestLines, prefixes: dataPrefixes }, names)) warn(grant);
  } else if (!recordedRoles.pre || !recordedRoles.acs) {
    const missing = 'the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or deploy with --create-roles';
    if (!options.dryRun) throw new DeployError(missing);
    warn(missing);
  } else if (recordedRoles.shared) {
    warn(`both functions run with ${recordedRoles.shared}, the one role an older gtkit's --create-roles gave them: the PRE can write the ACS's state and the ACS read what the PRE reads; deploy with --create-roles to give each a role of its own with only what it needs (gtkit then leaves the old role for you to delete)`);
  }
  for (const which of functionKinds) {
    const b = built[which];
    const known = previous?.functions[which];
    const { memoryMb, timeoutSeconds } = functionSettings(config, which);
    const state = !known ? 'create or update' : known.codeSha256 === b.codeSha256 && known.runtime === runtime ? 'check (code unchanged since the last deploy)' : 'update code';
    // A dry run reads no function: what the state recorded of the last deploy is all it can compare.
    const otherBuild = options.dryRun && known && known.codeSha256 !== b.codeSha256 ? otherBuildWarning(which, config.lambdas[which].functionName, { recorded: known.gtkitBuild, current: b.gtkitBuild, jobName: config.jobName, dryRun: true }) : undefined;
    if (otherBuild) warn(otherBuild);
    plan.push(`${state}: Lambda ${config.lambdas[which].functionName} (${runtime}, ${b.handler}, ${memoryMb} MB, ${timeoutSeconds} s, ${formatSize(b.zipBytes)} zip, CodeSha256 ${b.codeSha256}), then publish a version`);
    plan.push(`create log group ${functionLogGroupName(config.lambdas[which].functionName)} unless it exists, and set its retention to ${logRetentionOf(config)} days (lambdas.logRetentionDays)`);
  }
  plan.push(`record the ARNs in ${deployStateFile(task.dir)} (gtkit job reads them)`);
  const result: DeployResult = { dryRun: Boolean(options.dryRun), region: config.region, runtime, plan, warnings, notes, build: describeBuild(built), uploads: {}, objects: [], functions: {}, logGroups: [] };
  if (data) result.dataObjects = { uploaded: 0, unchanged: 0, missing: data.missing };
  if (objectsOfOtherJobs.length > 0) result.objectsOfOtherJobs = objectsOfOtherJobs;
  if (options.dryRun) {
    for (const line of plan) progress(`plan: ${line}`);
    progress('dry run: nothing was changed');
    return result;
  }

  const retryOptions = clients.sleep ? { sleep: clients.sleep } : {};
  progress('account: sts:GetCallerIdentity');
  const identity = await awsStep({ doing: 'finding your AWS account', action: 'sts:GetCallerIdentity', resource: '*' }, () => withRetry(() => clients.sts.send(new GetCallerIdentityCommand({})), retryOptions));
  const account = identity.Account ?? '';
  if (!/^\d{12}$/.test(account)) throw new DeployError(`sts:GetCallerIdentity returned no account id (${JSON.stringify(identity.Account)}); check your credentials`);
  result.account = account;
  progress(`  account ${account}, region ${config.region}, caller ${identity.Arn ?? 'unknown'}`);
  const context: AwsPlace = { partition: partitionOf(config.region), region: config.region, account };
  // Functions and roles of another account are not ours to update, nor for the job to use.
  const recordedAccount = previous && [previous.account, ...Object.values(previous.functions).map((f) => lambdaArnParts(f.arn)?.account)].find((a) => a !== undefined && a !== account);
  if (previous && recordedAccount) {
    warn(`the last deploy went to account ${recordedAccount}, this one to ${account}: its functions and roles are not reused`);
    previous = { ...previous, functions: {}, roles: undefined };
  }

  // Everything that could stop the deploy is looked at before the first change, and said in one message.
  const { refusal: functionRefusal, lookups } = await checkFunctionOwners(task, { built, previous, context, overwrite: Boolean(options.overwriteFunctions) }, clients, progress, warn);
  let foundRoles: RoleLookups | undefined;
  let roleRefusal: RefusalPart | undefined;
  if (options.createRoles) {
    foundRoles = await lookUpRoles(clients.iam, config, context, iamRetry({ ...retryOptions, progress }), warn);
    roleRefusal = checkRoleOwners(foundRoles, { recorded: previous?.roles, jobName: config.jobName, overwrite: Boolean(options.overwriteRoles) }, warn);
  }
  const looks = options.skipUploads ? undefined : await lookAtJobFiles(clients.s3, task, { account, ...retryOptions });
  const refusedObjects = looks && !options.overwriteObjects ? refusedJobFiles(looks) : [];
  const refusal = [...(functionRefusal ? [functionRefusal] : []), ...(roleRefusal ? [roleRefusal] : []), ...(refusedObjects.length > 0 ? [objectRefusalPart(refusedObjects, config.s3.prefix, config.jobName)] : [])];
  if (refusal.length > 0) throw new OwnershipRefusal(refusalMessage(task.configFile, refusal), refusedObjects);

  const state: DeployState = {
    version: 1,
    region: config.region,
    account,
    functions: { ...(previous?.functions ?? {}) },
    uploads: { ...(previous?.uploads ?? {}) },
    ...(previous?.roles ? { roles: { ...previous.roles }, rolesRegion: rolesRegionOf(previous) } : {}),
  };
  // Recorded after every step, so a deploy that fails half-way still remembers what it did.
  const record = async () => {
    result.stateFile = await writeDeployState(task.dir, state);
  };

  if (looks) {
    progress(`upload: ${looks.map((look) => uploadTitles[look.upload.what]).join(', ')}`);
    const files = await uploadJobFiles(clients.s3, task, looks, { ...retryOptions, progress, warn, overwriteObjects: Boolean(options.overwriteObjects) });
    if (files.others.length > 0) result.objectsOfOtherJobs = files.others;
    result.uploads = files.uploads;
    result.objects.push(...files.objects);
    state.uploads = { ...state.uploads, ...result.uploads };
    await record();
  }
  if (data) {
    progress(`upload: ${data.uploads.length} data object(s) from s3/`);
    const objects = await uploadDataObjects(clients.s3, task, data, { ...retryOptions, progress });
    result.objects.push(...objects);
    const uploaded = objects.filter((o) => o.action === 'uploaded').length;
    result.dataObjects = { uploaded, unchanged: objects.length - uploaded, missing: data.missing };
  }
  if (cors && cors.buckets.length > 0) {
    progress(`cors: the data buckets' CORS rules (the template's ${cors.user} loads the objects in the worker's browser)`);
    result.cors = await checkCorsRules(clients.s3, cors, {
      region: config.region,
      partition: context.partition,
      add: Boolean(options.addCorsRule),
      ...retryOptions,
      progress,
      warn,
    });
  }

  let functionRoles: { pre?: string; acs?: string } = recordedFunctionRoles(config, previous?.roles);
  // The one role an older gtkit gave both functions, which this deploy moves them off: the state's
  // record, or (a fresh clone) the role the functions run with now, when it has that role's name.
  let sharedRole: string | undefined;
  if (options.createRoles && foundRoles) {
    progress('roles: an execution role per Lambda, and Ground Truth\'s');
    const roles: EnsuredRoles = await ensureRoles(clients.iam, config, context, { dataPrefixes, found: foundRoles, ...retryOptions, progress, warn });
    result.roles = { preExecution: roles.preExecution.arn, acsExecution: roles.acsExecution.arn, groundTruthExecution: roles.groundTruthExecution.arn };
    state.roles = { ...state.roles, ...result.roles };
    state.rolesRegion = config.region;
    functionRoles = { pre: roles.preExecution.arn, acs: roles.acsExecution.arn };
    const running = functionKinds.map((which) => lookups[which].found?.Configuration?.Role).find((arn) => arn !== undefined && roleNameOf(arn) === sharedLambdaRoleName(config));
    // Last, the role itself (GetRole by its name): it outlives the functions' move off it, whichever clone made that.
    sharedRole = previous?.roles?.lambdaExecution ?? running ?? foundRoles.lambdaExecution?.Arn;
    await record();
  }
  const { pre: preRole, acs: acsRole } = functionRoles;
  if (!preRole || !acsRole) throw new DeployError('the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or deploy with --create-roles');
  const roleOf = { pre: preRole, acs: acsRole };
  for (const roleArn of new Set([preRole, acsRole])) {
    const roleAccount = iamArnParts(roleArn)?.account;
    if (roleAccount && roleAccount !== account) warn(`the execution role ${roleArn} is in account ${roleAccount}, your credentials in ${account}; Lambda will refuse it`);
  }

  for (const which of functionKinds) {
    const name = config.lambdas[which].functionName;
    const b = built[which];
    progress(`lambda: ${name}`);
    const fn = await createOrUpdateFunction(
      { lambda: clients.lambda, progress, ...(clients.sleep ? { sleep: clients.sleep } : {}), ...(clients.waiter ? { waiter: clients.waiter } : {}) },
      {
        name,
        expectedArn: lambdaFunctionArn(context, name),
        zip: b.zip,
        codeSha256: b.codeSha256,
        handler: b.handler,
        runtime,
        roleArn: roleOf[which],
        ...functionSettings(config, which),
        description: functionDescription(config, which),
        environment: functionEnvironment(name),
        tags: { ...gtkitTags(config.jobName), ...(b.gtkitBuild ? { [gtkitBuildTag]: b.gtkitBuild } : {}) },
      },
      { previousVersionArn: previous?.functions[which]?.versionArn, lookup: lookups[which] },
    );
    result.functions[which] = fn;
    const found = lookups[which].found;
    // Lambda tags only at creation: an updated function's tag is set here to the build its code now comes from.
    if (found && b.gtkitBuild && found.Tags?.[gtkitBuildTag] !== b.gtkitBuild) {
      const tagWarning = await retagBuild(clients.lambda, fn.arn, name, b.gtkitBuild, retryOptions);
      if (tagWarning) warn(tagWarning);
    }
    state.functions[which] = { name, arn: fn.arn, ...(fn.versionArn ? { versionArn: fn.versionArn } : {}), codeSha256: fn.codeSha256, runtime, deployedAt: new Date().toISOString(), ...(b.gtkitBuild ? { gtkitBuild: b.gtkitBuild } : {}) };
    await record();
    progress(`  ${fn.action}${fn.changes.length > 0 && fn.action === 'updated' ? ` (${fn.changes.join(', ')})` : ''}: ${fn.arn}${fn.versionArn ? `, version ${lambdaArnParts(fn.versionArn)?.qualifier ?? fn.versionArn}` : ''}`);
    // Every deploy, so the group converges to the config; Lambda would make it on the first run with no retention.
    const logGroup = await setLogRetention(clients.logs, { functionName: name, days: logRetentionOf(config), place: context }, retryOptions);
    result.logGroups.push(logGroup);
    if (logGroup.status === 'failed') warn(logGroup.detail ?? `could not set the retention of ${logGroup.logGroup}`);
    else progress(`  log group ${logGroup.logGroup}: ${logGroup.status === 'created' ? 'created, ' : ''}retention ${logGroup.retentionDays} days`);
  }

  if (sharedRole) {
    // Both functions run with their own roles now: the record of the old one goes, the role stays.
    if (state.roles) delete state.roles.lambdaExecution;
    await record();
    result.sharedRoleLeft = sharedRole;
    warn(sharedRoleLeftNote(sharedRole));
  }
  progress(`state: recorded the ARNs in ${result.stateFile ?? deployStateFile(task.dir)}; gtkit job now references them`);
  if (result.roles && result.roles.groundTruthExecution !== config.roleArn) {
    progress(`note: set roleArn in ${task.configFile} to ${result.roles.groundTruthExecution} so the job runs with the role gtkit made`);
  }
  return result;
}
