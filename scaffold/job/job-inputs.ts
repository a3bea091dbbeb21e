import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/exit-codes.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { arnsFromStackOutputs, groundTruthRoleScopedElsewhere, readDeployState, type DeployState, type StackArns } from '../deploy/state.ts';
import type { JobInputs } from './build-request.ts';
import { lambdaArnParts } from './lambda-arn.ts';
import { jobLocations } from './locations.ts';
import { uploadPaths } from './request-paths.ts';
import type { JobProblem } from './validate-request.ts';
import { withoutBom } from '../run/json-lines.ts';
import { manifestDataOf } from './data-access.ts';
import type { ManifestLine } from '../run/manifest.ts';
import { shownPath } from '../cli/paths.ts';

export { stackOutputKeys } from './stack-output-keys.ts';

const uploadNames = { template: 'the template', labelCategories: 'the label-category file', manifest: 'the manifest' } as const;

/** A manifest already read (by checkJobManifest): its file and its good lines. */
export interface ReadJobManifest {
  file: string;
  lines: ManifestLine[];
}

/**
 * What `gtkit job` knows beyond the config: the ARNs and S3 locations recorded by `gtkit deploy`
 * (`.gtkit/deploy-state.json`), or the ARNs from a CloudFormation stack's outputs (pass
 * `undefined` for none). A recorded function or location the config no longer names (a renamed
 * function, a new `s3.bucket`) is left out, with a warning to deploy again: the config wins over
 * an old deploy. With `manifest` (the task's manifest lines, read by checkJobManifest), also the data folders it names.
 */
export async function readJobInputs(taskDir: string, stackOutputsFile: string | undefined, config: TaskConfig, manifest?: ReadJobManifest): Promise<JobInputs> {
  const inputs: JobInputs = {};
  if (manifest !== undefined) inputs.manifestData = manifestDataOf(shownPath(manifest.file), manifest.lines);
  let state;
  try {
    state = await readDeployState(taskDir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (state) {
    const problems: JobProblem[] = [];
    const arns: NonNullable<JobInputs['arns']> = {};
    // The request's Lambda ARNs are then refused as in another region; this says where they came from.
    if (state.region !== config.region && !stackOutputsFile && Object.keys(state.functions).length > 0) {
      problems.push({
        severity: 'warning',
        path: 'region',
        message: `the last gtkit deploy went to ${state.region}, the config says ${config.region}: the functions it recorded are in ${state.region}`,
        fix: `run gtkit deploy (it deploys the functions to ${config.region} and records their ARNs)`,
      });
    }
    for (const which of ['pre', 'acs'] as const) {
      const f = state.functions[which];
      if (!f) continue;
      const named = config.lambdas[which].functionName;
      if (named === f.name) arns[which] = f.arn;
      else if (!stackOutputsFile) {
        problems.push({
          severity: 'warning',
          path: `lambdas.${which}.functionName`,
          message: `the ${which.toUpperCase()} function was deployed as ${f.name}; the config now says ${named}: run gtkit deploy again`,
          fix: `run gtkit deploy (it deploys ${named} and records its ARN); until then the request names ${named}, which may not exist yet`,
        });
      }
    }
    inputs.arns = arns;
    const where = jobLocations(config);
    const locations: NonNullable<JobInputs['locations']> = {};
    for (const key of ['template', 'manifest', 'labelCategories'] as const) {
      const uri = state.uploads[key];
      if (!uri) continue;
      const expected = where[key];
      if (expected === uri) locations[key] = uri;
      else {
        problems.push({
          severity: 'warning',
          path: uploadPaths[key],
          message: `${uploadNames[key]} was deployed as ${uri}; the config now says ${expected}: run gtkit deploy again`,
          fix: `run gtkit deploy (it uploads ${uploadNames[key]} to ${expected}); until then the request names ${expected}, which may not exist yet`,
        });
      }
    }
    inputs.locations = locations;
    if (state.roles?.groundTruthExecution) inputs.gtkitGroundTruthRoles = [state.roles.groundTruthExecution];
    if (problems.length > 0) inputs.problems = problems;
  }
  if (stackOutputsFile) {
    let json: unknown;
    try {
      json = JSON.parse(withoutBom(readFileSync(stackOutputsFile, 'utf8')));
    } catch (error) {
      throw new UsageError(`${stackOutputsFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`);
    }
    let arns: StackArns;
    try {
      arns = arnsFromStackOutputs(json as Parameters<typeof arnsFromStackOutputs>[0]);
    } catch (error) {
      throw new UsageError(`${stackOutputsFile}: ${(error as Error).message}`);
    }
    inputs.arns = { pre: arns.pre, acs: arns.acs };
    if (arns.groundTruthRole) inputs.gtkitGroundTruthRoles = [...(inputs.gtkitGroundTruthRoles ?? []), arns.groundTruthRole];
    const renamed = stackRenames(inputs.arns, config, stackOutputsFile);
    if (renamed.length > 0) inputs.problems = [...(inputs.problems ?? []), ...renamed];
    const unused = unusedRole(arns.groundTruthRole, `the stack in ${stackOutputsFile}`, config);
    if (unused) inputs.problems = [...(inputs.problems ?? []), unused];
  } else {
    const unused = unusedRole(state?.roles?.groundTruthExecution, 'gtkit deploy --create-roles', config);
    if (unused) inputs.problems = [...(inputs.problems ?? []), unused];
  }
  const elsewhere = state ? roleOfAnotherRegion(state, config) : undefined;
  if (elsewhere) inputs.problems = [...(inputs.problems ?? []), elsewhere];
  return inputs;
}

/**
 * The request runs with the Ground Truth role `--create-roles` made, but that role's policy lets it
 * invoke the functions of another Region (the config's region changed since): the job would fail
 * on its first invoke, with an error that does not say why.
 */
function roleOfAnotherRegion(state: DeployState, config: TaskConfig): JobProblem | undefined {
  const scopedTo = groundTruthRoleScopedElsewhere(state, config);
  if (scopedTo === undefined) return undefined;
  return {
    severity: 'warning',
    path: 'roleArn',
    message: `${config.roleArn} was made by gtkit deploy --create-roles for ${scopedTo}; its policy lets the job invoke the functions there, not in ${config.region}`,
    fix: `run gtkit deploy --create-roles (it scopes the role to ${config.region})`,
  };
}

/**
 * The request's RoleArn comes from the config (it wins, as everywhere); a role made for this job
 * by the stack or by `--create-roles` that the config does not name would go unused without a
 * word, while the request runs with another role (by default gtkit's example one).
 */
function unusedRole(made: string | undefined, by: string, config: TaskConfig): JobProblem | undefined {
  if (made === undefined || made === config.roleArn) return undefined;
  return {
    severity: 'warning',
    path: 'roleArn',
    message: `${by} made the Ground Truth execution role ${made} for this job, but the request uses roleArn ${config.roleArn}`,
    fix: `set roleArn in gtkit.config.ts to ${made} (its policy covers this task), unless the job is meant to run with the other role`,
  };
}

/**
 * A stack made before the config renamed a function still outputs the old one's ARN; the request
 * would then invoke the old code. The stack's ARNs are used (they exist), with a warning.
 */
function stackRenames(arns: JobInputs['arns'], config: TaskConfig, file: string): JobProblem[] {
  if (!arns) return [];
  const problems: JobProblem[] = [];
  for (const which of ['pre', 'acs'] as const) {
    const arn = arns[which];
    const named = config.lambdas[which].functionName;
    const deployed = arn === undefined ? undefined : lambdaArnParts(arn)?.name;
    if (deployed === undefined || deployed === named) continue;
    problems.push({
      severity: 'warning',
      path: `lambdas.${which}.functionName`,
      message: `the stack outputs in ${file} name the ${which.toUpperCase()} function ${deployed}; the config says ${named}, so the request invokes the stack's function, which may run older code`,
      fix: `update the stack from the config (gtkit deploy --emit-cloudformation, then deploy that template) and save its outputs again, or set lambdas.${which}.functionName back to ${deployed}`,
    });
  }
  return problems;
}
