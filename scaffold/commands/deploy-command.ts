import { join, resolve } from 'node:path';
import { BundleError, buildTaskLambdas } from '../../build.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { jsonFailure } from '../cli/json-failure.ts';
import { shownPath } from '../cli/paths.ts';
import { checkOutputFileFlag } from '../cli/make-folder.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';
import { cloudFormationNextSteps, cloudFormationRoleIds, cloudFormationTemplate, type JobFileCopy } from '../deploy/cloudformation.ts';
import { deployPreflight } from '../deploy/preflight.ts';
import { checkBundlesLoad } from '../deploy/load-check.ts';
import { jobUploads } from '../deploy/uploads.ts';
import { defaultClients, deployTask, type DeployClients } from '../deploy/deploy.ts';
import { defaultRuntime, supportedRuntimes } from '../deploy/function-settings.ts';
import type { LambdaRuntime } from '../deploy/lambda-functions.ts';
import { dataPrefixesOfTask } from '../deploy/policies.ts';
import { wholeBucketGrants } from '../deploy/broad-grants.ts';
import { goodLinesOf } from '../job/job-manifest.ts';
import { DeployError, DeployStepError } from '../deploy/step.ts';
import { OwnershipRefusal } from '../deploy/object-ownership.ts';
import { loadTask, type LoadedTask } from '../task/load-task.ts';
import { parseSdkFlag } from './build.ts';

export interface DeployFlags {
  dryRun?: boolean;
  runtime?: string;
  createRoles?: boolean;
  emitCloudformation?: string;
  sdk?: string;
  skipUploads?: boolean;
  uploadData?: boolean;
  overwriteFunctions?: boolean;
  overwriteRoles?: boolean;
  overwriteObjects?: boolean;
  addCorsRule?: boolean;
  json?: boolean;
}

function parseRuntimeFlag(value: string | undefined): LambdaRuntime | undefined {
  if (value === undefined) return undefined;
  if ((supportedRuntimes as readonly string[]).includes(value)) return value as LambdaRuntime;
  throw new UsageError(`--runtime must be ${supportedRuntimes.join(' or ')}${value === 'nodejs20.x' ? ' (nodejs20.x left standard support on 2026-04-30)' : ''}, got ${JSON.stringify(value)}`);
}

/** One progress line: step headers in colour (unless NO_COLOR or not a terminal), details plain. */
function progressTo(output: Output, json: boolean | undefined): (line: string) => void {
  if (json) return () => {};
  return (line) => {
    if (line.startsWith('  ')) output.out(line);
    else if (line.startsWith('warning:') || line.startsWith('note:')) output.out(paint('yellow', line));
    else output.out(paint('cyan', line));
  };
}

async function emitCloudFormation(dir: string, file: string, flags: DeployFlags, runtime: LambdaRuntime | undefined, output: Output): Promise<void> {
  const task = await loadTask(dir);
  const progress = progressTo(output, flags.json);
  const sdk = parseSdkFlag(flags.sdk);
  // The next steps upload the manifest for the job, as gtkit deploy would: checked as deploy checks it.
  const { refusal, warnings: preflightWarnings, cors, manifest } = await deployPreflight(task, { checkUploads: true });
  if (refusal) throw new CliError(`${refusal}. Nothing was written`);
  // Once, for the warnings and the template's roles alike. The roles are said by their logical ids, as the stack shows them.
  const lines = goodLinesOf(manifest);
  const dataPrefixes = dataPrefixesOfTask(task.config, lines);
  const warnings = [...preflightWarnings, ...wholeBucketGrants(task.config, { lines, prefixes: dataPrefixes }, cloudFormationRoleIds)];
  for (const warning of warnings) progress(`warning: ${warning}`);
  const target = resolve(file);
  // Before the bundling, as build --out: a path gtkit cannot write is said at once.
  await checkOutputFileFlag(file, '--emit-cloudformation', "the template's file name", 'stack.json');
  progress(`build: bundling ${task.paths.pre} and ${task.paths.acs}`);
  let built;
  try {
    built = await buildTaskLambdas(task, sdk ? { sdk } : {});
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(error.message);
    throw error;
  }
  const functionRuntime = runtime ?? task.config.lambdas.runtime ?? defaultRuntime;
  // As gtkit deploy does: an import Lambda would fail on stops here, not at the stack's every invocation.
  const warn = (warning: string) => {
    warnings.push(warning);
    progress(`warning: ${warning}`);
  };
  try {
    await checkBundlesLoad(task, built, { runtime: functionRuntime, warn, stopped: 'Nothing was written' });
  } catch (error) {
    if (error instanceof DeployError) throw new CliError(error.message);
    throw error;
  }
  const template = cloudFormationTemplate(task.config, built, { runtime: functionRuntime, dataPrefixes });
  // Whole or not at all: a Ctrl-C during the write leaves the old template as it was.
  await writeWhole(target, `${JSON.stringify(template, null, 2)}\n`, 'give --emit-cloudformation a file in a folder gtkit may write');
  const next = cloudFormationNextSteps(task.config, built, target, task.dir, await jobFileCopies(task), cors);
  if (flags.json) {
    output.out(JSON.stringify({ ok: true, template: target, resources: Object.keys(template.Resources), outputs: Object.keys(template.Outputs), next, warnings }, null, 2));
    return;
  }
  progress(`template: wrote ${shownPath(target)} (${Object.keys(template.Resources).length} resources, outputs ${Object.keys(template.Outputs).join(', ')})`);
  progress('next: upload the zips, deploy the stack, hand its outputs to gtkit job:');
  for (const step of next) output.out(`  ${step}`);
}

/**
 * The files `gtkit deploy` would upload and the request names, as local files for the stack's
 * next steps: the template and manifest as they are, the label categories (generated from the
 * config) written where `gtkit job` writes them too.
 */
async function jobFileCopies(task: LoadedTask): Promise<JobFileCopy[]> {
  const copies: JobFileCopy[] = [];
  for (const upload of jobUploads(task)) {
    if (upload.what !== 'labelCategories') {
      copies.push({ file: upload.from, uri: upload.uri });
      continue;
    }
    // Whole, through the same writer as gtkit job's copy of this file (the same bytes: labelCategoryFileText).
    const file = join(task.dir, '.gtkit', 'label-categories.json');
    await writeWhole(file, await upload.body(), 'check that gtkit may write the task folder\'s .gtkit folder');
    copies.push({ file, uri: upload.uri });
  }
  return copies;
}

/**
 * `gtkit deploy [task-dir] [--dry-run] [--runtime nodejs24.x|nodejs22.x] [--create-roles]
 * [--emit-cloudformation <file>] [--sdk bundled|runtime] [--skip-uploads | --upload-data] [--overwrite-functions] [--overwrite-roles] [--overwrite-objects] [--add-cors-rule] [--json]`.
 * Exit code 1 with an explained AWS error, 2 for usage errors.
 */
export async function runDeployCommand(dir: string, flags: DeployFlags, output: Output = processOutput, clients: (region: string) => DeployClients = defaultClients): Promise<void> {
  const runtime = parseRuntimeFlag(flags.runtime);
  const sdk = parseSdkFlag(flags.sdk);
  if (flags.emitCloudformation !== undefined) {
    if (flags.emitCloudformation.trim() === '') throw new UsageError('--emit-cloudformation needs a file name');
    if (flags.dryRun || flags.createRoles || flags.skipUploads || flags.uploadData || flags.overwriteFunctions || flags.overwriteRoles || flags.overwriteObjects || flags.addCorsRule) {
      throw new UsageError('--emit-cloudformation only writes a template; it does not combine with --dry-run, --create-roles, --skip-uploads, --upload-data, --overwrite-functions, --overwrite-roles, --overwrite-objects or --add-cors-rule (its next steps print the CORS commands)');
    }
    return emitCloudFormation(dir, flags.emitCloudformation, flags, runtime, output);
  }
  if (flags.skipUploads && flags.uploadData) throw new UsageError('--skip-uploads and --upload-data exclude each other');
  if (flags.overwriteRoles && !flags.createRoles) throw new UsageError('--overwrite-roles only applies with --create-roles (the roles it would set the policies of)');
  const task = await loadTask(dir);
  try {
    const result = await deployTask(
      task,
      { ...(runtime ? { runtime } : {}), ...(sdk ? { sdk } : {}), ...(flags.createRoles ? { createRoles: true } : {}), ...(flags.dryRun ? { dryRun: true } : {}), ...(flags.skipUploads ? { skipUploads: true } : {}), ...(flags.uploadData ? { uploadData: true } : {}), ...(flags.overwriteFunctions ? { overwriteFunctions: true } : {}), ...(flags.overwriteRoles ? { overwriteRoles: true } : {}), ...(flags.overwriteObjects ? { overwriteObjects: true } : {}), ...(flags.addCorsRule ? { addCorsRule: true } : {}) },
      clients(task.config.region),
      progressTo(output, flags.json),
    );
    if (flags.json) output.out(JSON.stringify({ ok: true, ...result }, null, 2));
  } catch (error) {
    if (error instanceof OwnershipRefusal && flags.json) {
      output.out(jsonFailure('deploy', error.message, { objectsOfOtherJobs: error.objects.map((o) => ({ ...o, action: 'refuse' })) }));
    }
    if (error instanceof DeployStepError && flags.json) {
      output.out(jsonFailure('deploy', error.message, { awsError: error.awsError, step: error.step, ...(error.missingPermission ? { missingPermission: error.missingPermission } : {}) }));
    }
    if (error instanceof DeployError) throw new CliError(error.message);
    throw error;
  }
}
