import type { Command } from 'commander';
import { processOutput, type Output } from '../cli/output.ts';
import { defaultRuntime, supportedRuntimes } from '../deploy/function-settings.ts';
import type { DeployClients } from '../deploy/deploy.ts';
import type { DeployFlags } from './deploy-command.ts';

/** `clients`: the AWS clients for a region (tests give stand-ins; by default the SDK's, made when the deploy runs). */
export function registerDeployCommand(program: Command, output: Output = processOutput, clients?: (region: string) => DeployClients): Command {
  return program
    .command('deploy')
    .description('Upload the job files to S3, create or update both Lambdas, publish versions and record their ARNs for gtkit job')
    .argument('[task-dir]', 'task folder', '.')
    .option('--dry-run', 'build and print the plan; change nothing on AWS')
    .option('--runtime <runtime>', `Lambda runtime: ${supportedRuntimes.join(' or ')} (default ${defaultRuntime}, or lambdas.runtime)`)
    .option('--create-roles', 'create or update an execution role per Lambda and Ground Truth\'s, with least-privilege inline policies')
    .option('--emit-cloudformation <file>', 'write a CloudFormation template (functions, roles, ARN outputs) instead of deploying')
    .option('--sdk <where>', 'AWS SDK in the ACS: bundled (default) or runtime')
    .option('--skip-uploads', 'do not upload the template, label categories and manifest')
    .option('--upload-data', 'also upload the data objects the manifest names (s3:// values) from their local copies under <task>/s3/')
    .option('--overwrite-functions', 'update a function of the configured name that gtkit cannot tell is this task\'s (not in the deploy state, not tagged created-by=gtkit for this job): its code and settings are replaced')
    .option('--overwrite-roles', 'with --create-roles: set the inline policies of roles of the job\'s role names that gtkit cannot tell are this task\'s (not in the deploy state, not tagged created-by=gtkit for this job)')
    .option('--overwrite-objects', 'replace the template, label categories and manifest at s3.prefix when gtkit uploaded them for another job (their gtkit-job metadata names another jobName or account)')
    .option('--add-cors-rule', 'add the CORS rule Ground Truth\'s workers need (GET from *) to each data bucket that lacks it, keeping the bucket\'s own rules (only for templates with a crowd image tool or a crossorigin attribute)')
    .option('--json', 'print the result as JSON (no progress lines)')
    .action(async (dir: string, flags: DeployFlags) => {
      // Loaded here, not with the program: the other verbs do not pay for the AWS SDK and the bundler.
      const { runDeployCommand } = await import('./deploy-command.ts');
      await runDeployCommand(dir, flags, output, clients);
    });
}
