import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { buildTaskLambdas } from '../../build.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';
import { cloudFormationTemplate, codeKey } from '../deploy/cloudformation.ts';
import { defaultClients, deployTask, DeployError, type DeployClients } from '../deploy/deploy.ts';
import { loadTask } from '../task/load-task.ts';

interface DeployFlags {
  dryRun?: boolean;
  runtime?: string;
  createRoles?: boolean;
  emitCloudformation?: string;
  sdk?: string;
  skipUploads?: boolean;
  json?: boolean;
}

export function registerDeployCommand(program: Command, output: Output = processOutput, clients?: (region: string) => DeployClients): Command {
  return program
    .command('deploy')
    .description('Upload to S3, create or update the Lambdas, record their ARNs')
    .argument('[task-dir]', 'task folder', '.')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--runtime <runtime>', 'nodejs24.x (default) or nodejs22.x')
    .option('--create-roles', 'create the Lambda and Ground Truth execution roles with least-privilege policies')
    .option('--sdk <where>', 'bundled (default) or runtime AWS SDK in the ACS', 'bundled')
    .option('--skip-uploads', 'do not upload the template, label categories and manifest')
    .option('--emit-cloudformation <file>', 'write a CloudFormation template (functions, roles, ARN outputs) instead of deploying')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, flags: DeployFlags) => runDeployCommand(dir, flags, output, clients));
}

export async function runDeployCommand(dir: string, flags: DeployFlags, output: Output = processOutput, clients?: (region: string) => DeployClients): Promise<void> {
  if (flags.runtime !== undefined && flags.runtime !== 'nodejs24.x' && flags.runtime !== 'nodejs22.x') {
    throw new UsageError(`--runtime must be nodejs24.x or nodejs22.x (nodejs20.x left standard support on 2026-04-30), got ${JSON.stringify(flags.runtime)}`);
  }
  if (flags.sdk !== undefined && flags.sdk !== 'bundled' && flags.sdk !== 'runtime') throw new UsageError(`--sdk must be bundled or runtime, got ${JSON.stringify(flags.sdk)}`);
  const task = await loadTask(dir);
  const runtime = (flags.runtime ?? task.config.lambdas.runtime ?? 'nodejs24.x') as 'nodejs24.x' | 'nodejs22.x';
  const progress = (line: string) => (flags.json ? undefined : output.out(line.startsWith('  ') ? line : paint('cyan', line)));
  if (flags.emitCloudformation) {
    const built = await buildTaskLambdas(task, flags.sdk ? { sdk: flags.sdk as 'bundled' | 'runtime' } : {});
    const template = cloudFormationTemplate(task.config, built, runtime);
    await mkdir(dirname(flags.emitCloudformation), { recursive: true });
    await writeFile(flags.emitCloudformation, `${JSON.stringify(template, null, 2)}\n`);
    const steps = [
      `aws s3 cp ${built.pre.zipFile} s3://${task.config.s3.bucket}/${codeKey(task.config, built.pre)}`,
      `aws s3 cp ${built.acs.zipFile} s3://${task.config.s3.bucket}/${codeKey(task.config, built.acs)}`,
      `aws cloudformation deploy --template-file ${flags.emitCloudformation} --stack-name ${task.config.jobName}-gtkit --capabilities CAPABILITY_NAMED_IAM --region ${task.config.region}`,
      `aws cloudformation describe-stacks --stack-name ${task.config.jobName}-gtkit --region ${task.config.region} > stack.json && gtkit job --stack-outputs stack.json`,
    ];
    if (flags.json) output.out(JSON.stringify({ template: flags.emitCloudformation, next: steps }, null, 2));
    else {
      output.out(`wrote ${flags.emitCloudformation}; then:`);
      for (const s of steps) output.out(`  ${s}`);
    }
    return;
  }
  try {
    const result = await deployTask(task, { runtime, ...(flags.createRoles ? { createRoles: true } : {}), ...(flags.dryRun ? { dryRun: true } : {}), ...(flags.sdk ? { sdk: flags.sdk as 'bundled' | 'runtime' } : {}), ...(flags.skipUploads ? { skipUploads: true } : {}) }, (clients ?? defaultClients)(task.config.region), progress);
    if (flags.json) output.out(JSON.stringify(result, null, 2));
  } catch (error) {
    if (error instanceof DeployError) throw new CliError(error.message);
    throw error;
  }
}
