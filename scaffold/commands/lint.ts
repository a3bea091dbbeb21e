import type { Command } from 'commander';
import { CliError } from '../cli/exit-codes.ts';
import { processOutput, type Output } from '../cli/output.ts';

export function registerLintCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('lint')
    .description("Check a task's template: Liquid, Crowd HTML Elements, the task.input paths its PRE produces, the answer fields its ACS reads, and the job request")
    .argument('[target]', 'a task folder (its template.liquid.html, checked against its PRE), or a lone template file', '.')
    .option('--json', 'print { findings, errors, warnings } as JSON')
    .action(async (target: string, flags: { json?: boolean }) => {
      // Loaded here, not with the program: the other verbs do not pay for the linter.
      const [{ lintTarget }, { formatFindings }] = await Promise.all([import('./lint-target.ts'), import('../../templates/lint/format.ts')]);
      const result = await lintTarget(target);
      for (const note of result.notes) output.err(note);
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      const failure = errors > 0 ? `${errors} lint error${errors === 1 ? '' : 's'} in ${target}` : undefined;
      // With --json, ok and error as every verb answers them, so a script checks .ok alike everywhere.
      if (flags.json) output.out(JSON.stringify({ ok: failure === undefined, ...(failure ? { error: failure } : {}), findings: result.findings, errors, warnings: result.findings.length - errors }, null, 2));
      else output.out(formatFindings(result.findings, { source: result.source, sourceFile: result.file }));
      if (failure) throw new CliError(failure);
    });
}
