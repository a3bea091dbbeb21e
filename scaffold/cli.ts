import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { CliError, ExitCode, exitCodesHelp } from './cli/exit-codes.ts';
import { errorLine, fileSystemMessage, linesPrinted, paint, processOutput } from './cli/output.ts';
import { jsonFailure } from './cli/json-failure.ts';
import { commands } from './commands/index.ts';
import { handlersLeftRunning } from './run/handler-guard.ts';


function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the `gtkit` program with every verb registered from its own module. */
export function createProgram(): Command {
  const program = new Command('gtkit')
    .description('Toolkit for Amazon SageMaker Ground Truth custom labeling workflows')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run gtkit --help for the list of commands)')
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const register of commands) {
    const sub = register(program);
    sub.exitOverride();
    sub.showHelpAfterError(`(run gtkit ${sub.name()} --help for its options)`);
    // From the one table of what each command returns, so the help cannot drift from it.
    sub.addHelpText('after', exitCodesHelp(sub.name()));
  }
  return program;
}

/** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage, 130 interrupted, 143 terminated). */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  const printedBefore = linesPrinted();
  // Known before the command parses its own flags, so that its unknown flag still gets its --json shape.
  let command: string | undefined;
  program.hook('preSubcommand', (_program, sub) => {
    command = sub.name();
  });
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    const code = exitCodeFor(error);
    // A script reading --json gets one document on any failure; a command that printed its own (run, job, lint) has answered.
    if (code !== ExitCode.ok && wantsJson(argv) && linesPrinted() === printedBefore) processOutput.out(jsonFailure(command, error instanceof CommanderError ? error.message.replace(/^error: /, '') : errorLine(error)));
    return code;
  } finally {
    endDespiteLeftoverHandlers();
  }
}

/** `--json` among the flags (not after `--`, where it would be an argument). */
function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/**
 * A PRE or ACS that timed out may keep a timer or socket open (Lambda would freeze it); gtkit
 * ends once its answer is out instead of hanging on it.
 */
function endDespiteLeftoverHandlers(): void {
  if (handlersLeftRunning() === 0) return;
  process.stderr.write('note: a timed-out PRE or ACS left work running (a timer or socket); gtkit ends without waiting for it\n');
  // After the caller has set process.exitCode from main's answer.
  setImmediate(() => process.exit()).unref();
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are requested output, not errors; commander already printed its message.
    // `gtkit` alone also prints the help, but as an error (exitCode 1): no command is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0)) {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`${paint('red', 'error', process.stderr)}: ${error.message}\n`);
    return error.exitCode;
  }
  const fileProblem = fileSystemMessage(error);
  if (fileProblem) {
    process.stderr.write(`${paint('red', 'error', process.stderr)}: ${fileProblem}\n`);
    return ExitCode.failure;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${paint('red', 'internal error', process.stderr)}: ${message}\n`);
  return ExitCode.failure;
}
