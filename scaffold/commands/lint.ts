import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { formatFindings, lintTemplate, type LintFinding } from '../../templates/lint/index.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { defaultTaskFiles } from '../config/define-task.ts';
import { validateTaskConfig } from '../config/validate-config.ts';
import { loadTask } from '../task/load-task.ts';
import { sampleTaskInputs } from '../task/task-inputs.ts';
import { buildJob } from '../job/build-request.ts';

export function registerLintCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('lint')
    .description('Check the template, the PRE output and the job request against each other')
    .argument('[target]', 'a task folder, or a lone template file (linted without the PRE cross-check)', '.')
    .option('--json', 'print the findings as JSON')
    .action(async (target: string, flags: { json?: boolean }) => {
      const { findings, source, notes } = await lintTarget(target);
      if (flags.json) output.out(formatFindings(findings, { json: true }));
      else {
        for (const n of notes) output.err(n);
        output.out(formatFindings(findings, { source }));
      }
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (errors > 0) throw new CliError(`${errors} lint error(s)`);
    });
}

/**
 * Lints a template file alone, or a task folder: its template against what the PRE produces for
 * every sample manifest line, plus the job request built from its config.
 */
export async function lintTarget(target: string): Promise<{ findings: LintFinding[]; source: string; notes: string[] }> {
  if (!existsSync(target)) throw new UsageError(`${target}: no such file or folder`);
  const notes: string[] = [];
  if (statSync(target).isFile()) {
    const source = await readFile(target, 'utf8');
    notes.push(`linting ${target} alone (no PRE cross-check; lint the task folder for that)`);
    return { findings: await lintTemplate(source, { file: relative(process.cwd(), target) || target }), source, notes };
  }
  if (!existsSync(join(target, defaultTaskFiles.config))) {
    const template = join(target, defaultTaskFiles.template);
    if (!existsSync(template)) throw new UsageError(`${target}: neither a task folder (no ${defaultTaskFiles.config}) nor one with ${defaultTaskFiles.template}`);
    return lintTarget(template);
  }
  const task = await loadTask(target);
  const file = relative(process.cwd(), task.paths.template) || task.paths.template;
  let source: string;
  try {
    source = await readFile(task.paths.template, 'utf8');
  } catch {
    throw new CliError(`${task.paths.template}: no such file; the task needs its template`);
  }
  const { inputs, problems } = await sampleTaskInputs(task);
  const findings = await lintTemplate(source, { file, taskInputs: inputs });
  for (const p of problems) findings.push({ ruleId: 'pre-output', severity: 'error', message: p, file: relative(process.cwd(), task.paths.manifest) || task.paths.manifest, line: Number(/:(\d+)[:]/.exec(p)?.[1] ?? 1), column: 1, hint: 'fix the manifest line or pre.ts' });
  if (inputs.length === 0) notes.push('no manifest line reached the template through the PRE; the task.input cross-check had nothing to check');
  // The job request: its problems are lint findings against the config.
  validateTaskConfig(task.config, task.configFile);
  const configFile = relative(process.cwd(), task.configFile) || task.configFile;
  for (const p of buildJob(task.config).problems) {
    if (p.severity === 'warning' && p.message.startsWith('no deployed ARN recorded')) continue; // expected before deploy
    findings.push({ ruleId: 'job-request', severity: p.severity, message: `${p.path}: ${p.message}`, file: configFile, line: 1, column: 1, hint: p.fix });
  }
  return { findings, source, notes };
}
